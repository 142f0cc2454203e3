/**
 * Region values back into placeholders: the inverse of the loader's expansion. A string from region R has R's paging
 * handles, hosts, cloud region, values and name replaced by `${region.*}`, longest first, each only where it stands
 * on its own (`app.example.com` in `admin.app.example.com`, `us` in `[us]` or `Platform-us`, never in `status`). A
 * template is kept only when expanding it gives back exactly what exists (see fold.ts), so a guess here can make an
 * import less general, never wrong.
 */
import { fillIn } from "../config/index.js";
import type { Region } from "../core/types.js";

interface Substitution {
  text: string;
  placeholder: string;
}

/** Free-form values shorter than this are too likely to occur by chance (`1`, `on`). */
const MIN_VALUE_LENGTH = 4;

function substitutions(region: Region): Substitution[] {
  const list: Substitution[] = [
    { text: region.paging.join(" "), placeholder: "${region.paging}" },
    { text: region.hosts.length > 1 ? region.hosts.join(",") : "", placeholder: "${region.hosts}" },
    { text: region.hosts[0] ?? "", placeholder: "${region.host}" },
    { text: region.cloudRegion, placeholder: "${region.cloud_region}" },
    ...Object.entries(region.values)
      .filter(([, v]) => v.length >= MIN_VALUE_LENGTH)
      .map(([k, v]) => ({ text: v, placeholder: `\${region.values.${k}}` })),
    { text: region.name, placeholder: "${region.name}" },
  ];
  // Longest first, so a host is replaced whole before the region name inside it; ties in a fixed order.
  return list.filter((s) => s.text !== "").sort((a, b) => b.text.length - a.text.length);
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Cached per region: an org of 10,000 monitors templatizes each string against each region. */
const patterns = new WeakMap<Region, { regex: RegExp; byText: Map<string, string> }>();

function patternFor(region: Region) {
  let found = patterns.get(region);
  if (!found) {
    const subs = substitutions(region);
    const alternatives = subs.map((s) =>
      s.placeholder === "${region.name}"
        ? `(?<![A-Za-z0-9])${escapeRegex(s.text)}(?![A-Za-z0-9])`
        : `(?<![A-Za-z0-9-])${escapeRegex(s.text)}(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`,
    );
    // A literal `${` is written `$${`, so it reads back as itself rather than as a placeholder.
    const regex = new RegExp([...alternatives, "\\$\\{"].join("|"), "g");
    found = { regex, byText: new Map(subs.map((s) => [s.text, s.placeholder])) };
    patterns.set(region, found);
  }
  return found;
}

/** `text` with `region`'s values written as placeholders, and how many were. */
export function templatizeString(text: string, region: Region): { text: string; count: number } {
  const { regex, byText } = patternFor(region);
  let count = 0;
  const out = text.replace(regex, (match) => {
    if (match === "${") return "$${";
    count++;
    return byText.get(match) ?? match;
  });
  return { text: out, count };
}

/** Every string of `value` (not mapping keys: those are names) templatized against `region`. */
export function templatize<T>(value: T, region: Region): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === "string") return templatizeString(node, region).text;
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    return node;
  };
  return walk(value) as T;
}

/** A template expanded for `region`, as the loader would; undefined when a placeholder cannot be filled in. */
export function expand<T>(value: T, region: Region | null): T | undefined {
  const filled = fillIn(value, region);
  return filled.problems.length > 0 ? undefined : (filled.value as T);
}

/** JSON with sorted keys: equal values give equal text whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
