/** What the importer folds: exported objects with their account and region, and the declarations it writes. */
import type { ExportedObject, Kind, Provider } from "../core/kind.js";
import type { Account, Instance, Region } from "../core/types.js";
import { canonical } from "./templatize.js";

/** One exported object, where it was found, and the region it serves (null: none could be told). */
export interface Found {
  provider: Provider;
  kind: Kind;
  account: Account;
  exported: ExportedObject;
  region: Region | null;
}

/** A declaration to write, and how it came about (for the summary). */
export interface Written {
  provider: string;
  /** The key under `resources.<provider>`. */
  key: string;
  kind: string;
  /** In the order written: name, regions, account, adopt, then the kind's fields. */
  fields: Record<string, unknown>;
  regions: string[];
  /** One template serves several regions' objects. */
  templated: boolean;
  /** Why an object that serves a region was not folded with others. */
  reason?: string;
}

export interface FoldResult {
  written: Written[];
  notes: string[];
}

/** The regions, accounts and order the importer works with. */
export interface FoldContext {
  regions: readonly Region[];
  accounts: readonly Account[];
}

/** The account a declaration's instance for `region` binds to without an `account:` field (as the loader binds). */
export function boundAccount(provider: string, region: Region | null, ctx: FoldContext): string | undefined {
  const bound = region?.accounts[provider];
  if (bound) return bound;
  const candidates = ctx.accounts.filter((a) => a.provider === provider);
  return candidates.length === 1 ? candidates[0]!.name : undefined;
}

/** A value written as is: a literal `${` reads back as itself. */
export function literal<T>(value: T): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === "string") return node.replaceAll("${", "$${");
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    return node;
  };
  return walk(value) as T;
}

/** The kind's fields in its schema's order, the rest after them sorted, so output never depends on vendor order. */
function ordered(kind: Kind, spec: Record<string, unknown>): Record<string, unknown> {
  const shape = (kind.schema as { shape?: Record<string, unknown> }).shape ?? {};
  const known = Object.keys(shape).filter((k) => spec[k] !== undefined);
  const rest = Object.keys(spec)
    .filter((k) => !(k in shape) && spec[k] !== undefined)
    .sort();
  return Object.fromEntries([...known, ...rest].map((k) => [k, spec[k]]));
}

export interface DeclarationParts {
  name: string;
  regions: Region[];
  account?: string;
  adopt: boolean;
  spec: Record<string, unknown>;
}

export function written(f: Pick<Found, "provider" | "kind">, parts: DeclarationParts, extra: Partial<Written>) {
  const regions = parts.regions.map((r) => r.name);
  const fields: Record<string, unknown> = {
    name: parts.name,
    ...(regions.length ? { regions } : {}),
    ...(parts.account ? { account: parts.account } : {}),
    ...(parts.adopt ? { adopt: true } : {}),
    ...ordered(f.kind, parts.spec),
  };
  return { provider: f.provider.name, key: f.kind.key, kind: f.kind.kind, fields, regions, templated: false, ...extra };
}

/** The identity the loader would give a declaration of `spec` in `account`, to find what is declared already. */
export function identityOf(kind: Kind, account: string, spec: Record<string, unknown>): string {
  const instance: Instance = {
    id: "",
    provider: "",
    kind: kind.kind,
    declaration: "",
    region: null,
    account,
    policy: "manage",
    allowDelete: false,
    spec,
    fieldPositions: {},
  };
  return kind.identity(instance);
}

/** Objects in region order, then by name and object: what every later step relies on to be deterministic. */
export function byRegionThenName(regions: readonly Region[]) {
  const index = (r: Region | null) => (r ? regions.indexOf(r) : regions.length);
  return (a: Found, b: Found) =>
    index(a.region) - index(b.region) ||
    compare(a.exported.name, b.exported.name) ||
    compare(a.account.name, b.account.name) ||
    compare(a.exported.object, b.exported.object);
}

export const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
