/**
 * `${region.*}` placeholders. The `${...}` form was chosen because it cannot be confused with Datadog's `{{...}}`
 * message variables or Helm's `{{ }}`, which both pass through untouched. `$${` writes a literal `${`.
 */
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

export type Resolution = { value: string } | { error: string; hint: string };

export function resolvePlaceholder(expression: string, region: Region | null): Resolution {
  const expr = expression.trim();
  if (!expr.startsWith("region.")) {
    return { error: `unknown placeholder '\${${expr}}'`, hint: `use one of ${placeholderNames.join(", ")}` };
  }
  if (!region) {
    return {
      error: `placeholder '\${${expr}}' needs a region, but this resource declares no 'regions'`,
      hint: "add 'regions: [...]' to the resource, or write the value out",
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
    };
  }
  return { error: `unknown placeholder '\${${expr}}'`, hint: `use one of ${placeholderNames.join(", ")}` };
}

/** Fills in every placeholder of `text`; returns the problems instead when any placeholder cannot be resolved. */
export function substitute(
  text: string,
  region: Region | null,
): { value: string; problems: Array<{ error: string; hint: string }> } {
  const problems: Array<{ error: string; hint: string }> = [];
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
