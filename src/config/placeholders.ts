/**
 * `${region.*}` placeholders. The `${...}` form was chosen because it cannot be confused with Datadog's `{{...}}`
 * message variables or Helm's `{{ }}`, which both pass through untouched. `$${` writes a literal `${`.
 *
 * A string that is exactly `${PROVIDER.KIND.NAME.OUTPUT}` (`${auth0.applications.Storefront.client_id}`) is a
 * reference to another declaration's output, not a placeholder: it becomes an `OutputRef` for the engine to resolve.
 */
import type { OutputRef } from "../core/outputs.js";
import type { Region } from "../core/types.js";

const placeholder = /\$\$\{|\$\{([^}]*)\}/g;

export const placeholderNames = [
  "region.name",
  "region.host",
  "region.hosts",
  "region.cloud_region",
  "region.paging",
  "region.values.KEY",
];

/** `provider.kind.name.output`: the name may hold dots; the output is the last word. */
const reference = /^([a-z0-9]+)\.([a-z_]+)\.(.+)\.([a-z_]+)$/;

/** The output reference a whole string value writes, if it is one. */
export function referenceOf(text: string): OutputRef | undefined {
  const whole = /^\$\{([^}]*)\}$/.exec(text);
  const parts = whole && !whole[1]!.trim().startsWith("region.") ? reference.exec(whole[1]!.trim()) : null;
  return parts ? { from: `${parts[1]}/${parts[2]}/${parts[3]}`, output: parts[4]! } : undefined;
}

/** A placeholder that cannot be filled in; `subject` names it (with the region when only that region lacks it). */
export interface PlaceholderProblem {
  error: string;
  hint: string;
  subject: string;
}

export type Resolution = { value: string } | PlaceholderProblem;

export function resolvePlaceholder(expression: string, region: Region | null): Resolution {
  const expr = expression.trim();
  const unknown = reference.test(expr)
    ? {
        error: `'\${${expr}}' is a reference to another declaration's output, which must be the whole value`,
        hint: "write the reference alone in its string; an output cannot be part of a longer text",
        subject: expr,
      }
    : {
        error: `unknown placeholder '\${${expr}}'`,
        hint: `use one of ${placeholderNames.join(", ")}${expr.startsWith("region.") ? "" : ", or PROVIDER.KIND.NAME.OUTPUT for another declaration's output"}`,
        subject: expr,
      };
  if (!expr.startsWith("region.")) return unknown;
  if (!region) {
    return {
      error: `placeholder '\${${expr}}' needs a region, but this resource declares no 'regions'`,
      hint: "add 'regions: [...]' to the resource, or write the value out",
      subject: expr,
    };
  }
  const field = expr.slice("region.".length);
  switch (field) {
    case "name":
      return { value: region.name };
    case "host":
      return { value: region.hosts[0]! };
    case "hosts":
      return { value: region.hosts.join(",") };
    case "cloud_region":
      return { value: region.cloudRegion };
    case "paging":
      return { value: region.paging.join(" ") };
  }
  if (field.startsWith("values.")) {
    const key = field.slice("values.".length);
    const value = region.values[key];
    if (value !== undefined) return { value };
    const known = Object.keys(region.values);
    return {
      error: `region '${region.name}' has no value '${key}'`,
      hint: known.length
        ? `define regions.${region.name}.values.${key}, or use one of ${known.join(", ")}`
        : `define regions.${region.name}.values.${key}`,
      subject: `${region.name}/${expr}`,
    };
  }
  return unknown;
}

export const hasPlaceholder = (text: string): boolean =>
  [...text.matchAll(placeholder)].some(([match]) => match !== "$${");

/** Fills in every placeholder of `text`; returns the problems instead when any placeholder cannot be resolved. */
export function substitute(text: string, region: Region | null): { value: string; problems: PlaceholderProblem[] } {
  const problems: PlaceholderProblem[] = [];
  const value = text.replace(placeholder, (match, expr: string | undefined) => {
    if (match === "$${") return "${";
    const resolved = resolvePlaceholder(expr ?? "", region);
    if ("error" in resolved) {
      problems.push(resolved);
      return match;
    }
    return resolved.value;
  });
  return { value, problems };
}

/** Fills in the placeholders of every string in `value`; each problem names its string's dotted path. */
export function fillIn(
  value: unknown,
  region: Region | null,
): { value: unknown; problems: Array<PlaceholderProblem & { path: string }> } {
  const problems: Array<PlaceholderProblem & { path: string }> = [];
  const fill = (node: unknown, path: string): unknown => {
    if (typeof node === "string") {
      const ref = referenceOf(node);
      if (ref) return ref;
      const result = substitute(node, region);
      for (const p of result.problems) problems.push({ ...p, path });
      return result.value;
    }
    const child = (key: string | number) => (path ? `${path}.${key}` : String(key));
    if (Array.isArray(node)) return node.map((v, i) => fill(v, child(i)));
    if (node && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v, child(k))]));
    }
    return node;
  };
  return { value: fill(value, ""), problems };
}
