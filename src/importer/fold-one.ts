/**
 * Folding objects that each serve one region (`sharing: "one"`: a monitor, an environment, a webhook): objects whose
 * templates are equal become one declaration with the regions they serve; the template is kept only when expanding it
 * for each region gives back that region's object exactly, and each region binds to the object's account.
 */
import type { Region } from "../core/types.js";
import {
  boundAccount,
  byRegionThenName,
  type FoldContext,
  type FoldResult,
  type Found,
  literal,
  same,
  type Written,
  written,
} from "./found.js";
import { canonical, expand, templatize } from "./templatize.js";

interface Body {
  name: string;
  spec: Record<string, unknown>;
}

interface Group {
  template: Body;
  members: Found[];
}

const bodyOf = (f: Found): Body => ({ name: f.exported.name, spec: f.exported.spec });

/** The dotted paths where two values differ, for "differs per region in …". */
export function differences(a: unknown, b: unknown, path = ""): string[] {
  if (same(a, b)) return [];
  const isObject = (v: unknown): v is Record<string, unknown> =>
    Boolean(v) && typeof v === "object" && !Array.isArray(v);
  if (!isObject(a) || !isObject(b)) return [path || "(value)"];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((k) => differences(a[k], b[k], path ? `${path}.${k}` : k));
}

/** The declaration of one object as it is: no placeholder, its region (if any) and its account where needed. */
export function concrete(f: Found, ctx: FoldContext, reason?: string): Written {
  const account = boundAccount(f.provider.name, f.region, ctx) === f.account.name ? undefined : f.account.name;
  const parts = {
    name: literal(f.exported.name),
    regions: f.region ? [f.region] : [],
    adopt: !f.exported.owned,
    spec: literal(f.exported.spec),
    ...(account ? { account } : {}),
  };
  return written(f, parts, reason ? { reason } : {});
}

/** The account field a group needs: none when each region binds to its object's account; undefined when impossible. */
function accountOf(group: Group, ctx: FoldContext): { account?: string } | undefined {
  const { members } = group;
  if (members.every((m) => boundAccount(m.provider.name, m.region, ctx) === m.account.name)) return {};
  const accounts = new Set(members.map((m) => m.account.name));
  return accounts.size === 1 ? { account: members[0]!.account.name } : undefined;
}

export function foldOne(items: Found[], ctx: FoldContext): FoldResult {
  const groups = new Map<string, Group>();
  const singles: Written[] = [];
  for (const f of [...items].sort(byRegionThenName(ctx.regions))) {
    if (!f.region) {
      singles.push(concrete(f, ctx, "no region's name, host or cloud region is in its name"));
      continue;
    }
    const template = templatize(bodyOf(f), f.region);
    const key = canonical(template);
    const group = groups.get(key) ?? { template, members: [] };
    if (group.members.some((m) => m.region === f.region) || !same(expand(template, f.region), bodyOf(f))) {
      singles.push(concrete(f, ctx, "its values cannot be written as a template"));
      continue;
    }
    group.members.push(f);
    groups.set(key, group);
  }
  // Declarations are named by their template: two groups with one template name differ in something else.
  const byName = new Map<string, Group[]>();
  for (const g of groups.values()) byName.set(g.template.name, [...(byName.get(g.template.name) ?? []), g]);
  const templates: Written[] = [];
  for (const [, found] of byName) {
    const clashing = joined(found);
    if (clashing.length > 1) {
      const paths = differences(clashing[0]!.template.spec, clashing[1]!.template.spec).join(", ");
      const regions = (g: Group) => g.members.map((m) => m.region!.name).join(", ");
      const reason = `differs per region (${clashing.map(regions).join(" / ")}) in ${paths}`;
      for (const g of clashing) for (const m of g.members) singles.push(concrete(m, ctx, reason));
      continue;
    }
    const group = clashing[0]!;
    const account = accountOf(group, ctx);
    if (!account) {
      const reason = "its regions are bound to other accounts than the ones it lives in";
      for (const m of group.members) singles.push(concrete(m, ctx, reason));
      continue;
    }
    const regions = ctx.regions.filter((r) => group.members.some((m) => m.region === r)) as Region[];
    const parts = {
      name: group.template.name,
      regions,
      ...account,
      adopt: group.members.some((m) => !m.exported.owned),
      spec: group.template.spec,
    };
    templates.push(written(group.members[0]!, parts, { templated: regions.length > 1 }));
  }
  return unique([...templates, ...singles]);
}

const fits = (template: Body, members: Found[]) => members.every((m) => same(expand(template, m.region), bodyOf(m)));

/**
 * Groups of one template name whose templates differ only where a region's value is no reference to it (an Opsgenie
 * service's `opsgenie_region: us` in the `us` org) are one group when one's template gives back the other's objects.
 */
function joined(groups: Group[]): Group[] {
  const out: Group[] = [];
  const disjoint = (a: Group, b: Group) => !a.members.some((m) => b.members.some((n) => n.region === m.region));
  for (const g of groups) {
    const target = out.find((o) => disjoint(o, g) && (fits(o.template, g.members) || fits(g.template, o.members)));
    if (!target) {
      out.push({ ...g, members: [...g.members] });
      continue;
    }
    if (!fits(target.template, g.members)) target.template = g.template;
    target.members.push(...g.members);
  }
  return out;
}

/** The loader refuses two declarations of one name in a kind: the first (templates first) is kept. */
export function unique(list: Written[]): FoldResult {
  const seen = new Set<string>();
  const result: FoldResult = { written: [], notes: [] };
  for (const w of list) {
    const name = String(w.fields.name);
    if (seen.has(name)) {
      const why = w.reason ? ` (${w.reason})` : "";
      result.notes.push(
        `${w.provider} ${w.kind} "${name}"${w.regions.length ? ` (${w.regions.join(", ")})` : ""}: a declaration of that name is imported already${why}; rename one in the vendor to import both`,
      );
      continue;
    }
    seen.add(name);
    result.written.push(w);
  }
  return result;
}
