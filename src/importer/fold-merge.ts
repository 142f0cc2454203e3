/**
 * Folding objects that serve several regions at once (`sharing: "merge"`: an Auth0 application). The kind exports one
 * slice per region of each object (the URLs on that region's hosts); slices of one name are folded into one
 * declaration: list items that every slice has as one template become that template, the others are written as they
 * are. The declaration is kept only when expanding it per region and merging per account gives back each account's
 * object; otherwise each account's object gets a declaration of its own.
 */
import type { Region } from "../core/types.js";
import { unique } from "./fold-one.js";
import {
  boundAccount,
  byRegionThenName,
  compare,
  type FoldContext,
  type FoldResult,
  type Found,
  literal,
  same,
  type Written,
  written,
} from "./found.js";
import { expand, templatize } from "./templatize.js";

type Spec = Record<string, unknown>;

const uniq = <T>(items: T[]) => [...new Set(items)];

/** One object of one account, as the slices say: lists united, other fields as they are. */
function united(specs: Spec[]): Spec | undefined {
  const out: Spec = {};
  for (const spec of specs) {
    for (const [key, value] of Object.entries(spec)) {
      const before = out[key];
      if (Array.isArray(value)) out[key] = uniq([...((before as unknown[] | undefined) ?? []), ...value]);
      else if (before !== undefined && !same(before, value)) return undefined;
      else out[key] = value;
    }
  }
  return out;
}

/** Lists as sets: the order of an object's URLs is not regionsync's to keep. */
const asSets = (spec: Spec | undefined) =>
  spec &&
  Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, Array.isArray(v) ? [...v].map(String).sort() : v]));

/** The folded spec of `slices`: shared templates, then the rest as written. Undefined when fields disagree. */
function candidate(slices: Found[]): Spec | undefined {
  const templated = slices.map((s) => templatize(s.exported.spec, s.region!));
  const keys = uniq(slices.flatMap((s) => Object.keys(s.exported.spec)));
  const spec: Spec = {};
  for (const key of keys) {
    const values = slices.map((s) => s.exported.spec[key]);
    const templates = templated.map((t) => t[key]);
    if (values.every((v) => v === undefined || Array.isArray(v))) {
      const lists = templates.map((t) => (t as unknown[] | undefined) ?? []);
      const shared = lists[0]!.filter((item) => lists.every((l) => l.some((x) => same(x, item))));
      const rest = values.flatMap((v, i) =>
        ((v as unknown[] | undefined) ?? []).filter((_, j) => !shared.some((x) => same(x, lists[i]![j]))),
      );
      spec[key] = uniq([...shared, ...literal(rest)]);
      continue;
    }
    const present = values.filter((v) => v !== undefined);
    if (present.length === slices.length && templates.every((t) => same(t, templates[0]))) spec[key] = templates[0];
    else if (present.every((v) => same(v, present[0]))) spec[key] = literal(present[0]);
    else return undefined;
  }
  return spec;
}

/** Whether `spec` over `regions` (each bound to its account, or all to `account`) gives back every account's object. */
function reproduces(spec: Spec, regions: Region[], slices: Found[], ctx: FoldContext, account?: string): boolean {
  const provider = slices[0]!.provider.name;
  const perAccount = new Map<string, Spec[]>();
  for (const region of regions) {
    const bound = account ?? boundAccount(provider, region, ctx);
    const expanded = expand(spec, region);
    if (!bound || !expanded) return false;
    perAccount.set(bound, [...(perAccount.get(bound) ?? []), expanded]);
  }
  const accounts = uniq(slices.map((s) => s.account.name));
  if (!same([...perAccount.keys()].sort(), [...accounts].sort())) return false;
  return accounts.every((a) =>
    same(
      asSets(united(perAccount.get(a)!)),
      asSets(united(slices.filter((s) => s.account.name === a).map((s) => s.exported.spec))),
    ),
  );
}

/** One declaration for `slices` (of one object per account), or undefined when none reproduces them. */
function fold(slices: Found[], name: string, ctx: FoldContext, pin: Spec = {}): Written | undefined {
  const spec = candidate(slices);
  if (!spec) return undefined;
  const regions = ctx.regions.filter((r) => slices.some((s) => s.region === r)) as Region[];
  const accounts = uniq(slices.map((s) => s.account.name));
  const binding = reproduces(spec, regions, slices, ctx)
    ? {}
    : accounts.length === 1 && reproduces(spec, regions, slices, ctx, accounts[0])
      ? { account: accounts[0]! }
      : undefined;
  if (!binding) return undefined;
  const parts = { name, regions, ...binding, adopt: slices.some((s) => !s.exported.owned), spec: { ...spec, ...pin } };
  return written(slices[0]!, parts, { templated: regions.length > 1 });
}

/** One object written as it is, over the regions its slices serve, in its own account. */
function asItIs(own: Found[], name: string, ctx: FoldContext, reason: string, pin: Spec): Written {
  const first = own[0]!;
  const regions = ctx.regions.filter((r) => own.some((s) => s.region === r)) as Region[];
  const bound = regions.every((r) => boundAccount(first.provider.name, r, ctx) === first.account.name);
  const parts = {
    name,
    regions,
    ...(bound ? {} : { account: first.account.name }),
    adopt: own.some((s) => !s.exported.owned),
    spec: literal({ ...(united(own.map((s) => s.exported.spec)) ?? first.exported.spec), ...pin }),
  };
  return written(first, parts, { reason });
}

export function foldMerge(items: Found[], ctx: FoldContext): FoldResult {
  const byName = new Map<string, Found[]>();
  for (const f of [...items].sort(byRegionThenName(ctx.regions))) {
    byName.set(f.exported.name, [...(byName.get(f.exported.name) ?? []), f]);
  }
  const list: Written[] = [];
  const notes: string[] = [];
  for (const name of [...byName.keys()].sort(compare)) {
    const slices = byName.get(name)!;
    const objects = uniq(slices.map((s) => `${s.account.name}\u0000${s.exported.object}`));
    const accounts = uniq(slices.map((s) => s.account.name));
    const whole = objects.length === accounts.length ? fold(slices, literal(name), ctx) : undefined;
    if (whole) {
      list.push(whole);
      continue;
    }
    // Each object on its own; a name that several objects share is told apart by the object's pin.
    for (const object of objects) {
      const own = slices.filter((s) => `${s.account.name}\u0000${s.exported.object}` === object);
      const first = own[0]!;
      const pin = objects.length > 1 ? first.exported.pin : {};
      if (!pin) {
        notes.push(`${first.provider.name} ${first.kind.kind} "${name}" in ${first.account.name}: its name is shared`);
        continue;
      }
      const label =
        objects.length > 1 ? literal(`${name} (${first.account.name}: ${first.exported.object})`) : literal(name);
      const folded = fold(own, label, ctx, literal(pin));
      const reason =
        objects.length > 1 ? "several objects have this name: each gets a declaration pinned to it" : undefined;
      if (folded) list.push(reason ? { ...folded, reason } : folded);
      else list.push(asItIs(own, label, ctx, reason ?? "its values cannot be written as a template", pin));
    }
  }
  const result = unique(list);
  return { written: result.written, notes: [...notes, ...result.notes] };
}
