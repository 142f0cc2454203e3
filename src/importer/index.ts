/**
 * `regionsync import`: what exists in the accounts, written as declarations. Each kind exports its objects (list
 * requests only, read-only); this module attributes each to the region it serves, leaves out what is declared
 * already, and folds what it can into region templates (fold-one.ts, fold-merge.ts). It knows no vendor.
 */
import { refusedValueVariable } from "../config/index.js";
import type { DesiredState } from "../core/desired-state.js";
import type { ExportContext, Kind, Provider } from "../core/kind.js";
import type { Account, Logger, Region } from "../core/types.js";
import type { SessionPool } from "../reconciler/index.js";
import { foldMerge } from "./fold-merge.js";
import { foldOne } from "./fold-one.js";
import { compare, type FoldContext, type Found, identityOf, type Written } from "./found.js";
import { templatizeString } from "./templatize.js";

export type { Written } from "./found.js";

export interface ImportOptions {
  providers: ReadonlyMap<string, Provider>;
  logger: Logger;
  /** Providers (`--only`), kinds (by key or kind name), accounts; every one when absent. */
  only?: readonly string[];
  kinds?: readonly string[];
  accounts?: readonly string[];
  /** A glob over object names (`*`, `?`). */
  name?: string;
  /** Only objects carrying this tag (case-insensitive, as Datadog folds tags). */
  tag?: string;
  /** Places to read that the vendor cannot list (`--within OWNER/REPO`). */
  within?: readonly string[];
}

export interface ImportResult {
  written: Written[];
  /** What was left out and why, one sentence each, sorted. */
  notes: string[];
  /** Accounts or kinds that could not be read. */
  failures: string[];
}

/** The regions an account serves: bound to it, or (its provider's only account) every region bound to none. */
export function regionsOf(account: Account, state: Pick<DesiredState, "regions" | "accounts">): Region[] {
  const only = state.accounts.filter((a) => a.provider === account.provider).length === 1;
  return state.regions.filter((r) => {
    const bound = r.accounts[account.provider];
    return bound === account.name || (bound === undefined && only);
  });
}

function globRegex(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

/** Proposed names become valid variable names, and never one the file may not name (docs/security.md). */
function valueVariable(providers: ReadonlyMap<string, Provider>) {
  return (proposal: string) => {
    const name = proposal.replace(/[^A-Za-z0-9_]/g, "_").replace(/^(?=[0-9])/, "_");
    return refusedValueVariable(name, providers) ? `VALUE_${name}` : name;
  };
}

function regionIn(text: string, served: Region[]) {
  const named = served.flatMap((region) => {
    const templated = templatizeString(text, region);
    return templated.count > 0 ? [{ region, rest: templated.text.replace(/\$\{region\.[^}]*\}/g, "") }] : [];
  });
  return named.length === 1 ? named[0] : undefined;
}

/** The region an object serves: its slice's, its account's only one, or the one region its name names. */
function regionOf(region: string | undefined, name: string, served: Region[]): Region | null {
  if (region !== undefined) return served.find((r) => r.name === region) ?? null;
  if (served.length === 1) return served[0]!;
  return regionIn(name, served)?.region ?? null;
}

async function exportAccount(account: Account, state: DesiredState, opts: ImportOptions, pool: SessionPool) {
  const provider = pool.provider(account.provider);
  const kinds = provider.kinds.filter(
    (k) => k.export && (!opts.kinds || opts.kinds.includes(k.key) || opts.kinds.includes(k.kind)),
  );
  const found: Found[] = [];
  const notes: string[] = [];
  const failures: string[] = [];
  if (kinds.length === 0) return { found, notes, failures };
  const served = regionsOf(account, state);
  const ctx: ExportContext = {
    regions: served,
    instances: state.instances.filter((i) => i.account === account.name),
    within: opts.within ?? [],
    valueVariable: valueVariable(opts.providers),
    regionIn: (text) => regionIn(text, served),
  };
  let session: unknown;
  try {
    session = await pool.get(account);
  } catch (error) {
    failures.push(`${provider.name} account '${account.name}': connect failed: ${(error as Error).message}`);
    return { found, notes, failures };
  }
  for (const kind of kinds) {
    try {
      const exported = await kind.export!(session, ctx);
      notes.push(...exported.notes.map((n) => `${provider.name} ${kind.kind} in ${account.name}: ${n}`));
      for (const e of exported.objects) {
        found.push({ provider, kind, account, exported: e, region: regionOf(e.region, e.name, served) });
      }
    } catch (error) {
      failures.push(`${provider.name} ${kind.kind} in '${account.name}': ${(error as Error).message}`);
    }
  }
  opts.logger.info("account exported", { account: account.name, objects: found.length });
  return { found, notes, failures };
}

/** Keeps what the filters select and what the file does not declare yet; one object per identity and account. */
function select(found: Found[], state: DesiredState, opts: ImportOptions, notes: string[]): Found[] {
  const name = opts.name ? globRegex(opts.name) : undefined;
  const tag = opts.tag?.toLowerCase();
  const declared = new Set(
    state.instances.map((i) => {
      const kind = opts.providers.get(i.provider)?.kinds.find((k) => k.kind === i.kind);
      return `${i.provider}\u0000${i.kind}\u0000${i.account}\u0000${kind ? kind.identity(i) : ""}`;
    }),
  );
  const taken = new Map<string, Found>();
  const kept: Found[] = [];
  // What regionsync owns is kept when another object has its name; the rest in a fixed order.
  const ordered = [...found].sort(
    (a, b) =>
      Number(b.exported.owned) - Number(a.exported.owned) ||
      compare(a.account.name, b.account.name) ||
      compare(a.exported.object, b.exported.object),
  );
  for (const f of ordered) {
    if (name && !name.test(f.exported.name)) continue;
    if (tag && !(f.exported.tags ?? []).some((t) => t.toLowerCase() === tag)) continue;
    const what = `${f.provider.name} ${f.kind.kind} "${f.exported.name}" in ${f.account.name}`;
    const spec = { name: f.exported.name, ...f.exported.spec };
    const ids = [
      identityOf(f.kind, f.account.name, spec),
      identityOf(f.kind, f.account.name, { ...spec, ...f.exported.pin }),
    ];
    if (ids.some((id) => declared.has(`${f.provider.name}\u0000${f.kind.kind}\u0000${f.account.name}\u0000${id}`))) {
      notes.push(`${what}: declared in the file already`);
      continue;
    }
    const key = `${f.provider.name}\u0000${f.kind.kind}\u0000${f.account.name}\u0000${ids[0]}`;
    const first = taken.get(key);
    if (first && f.kind.sharing === "one") {
      notes.push(`${what} (${f.exported.object}): ${first.exported.object} has that name and is imported; rename one`);
      continue;
    }
    if (!first) taken.set(key, f);
    kept.push(f);
  }
  return kept;
}

export async function importState(state: DesiredState, opts: ImportOptions, pool: SessionPool): Promise<ImportResult> {
  const accounts = state.accounts.filter(
    (a) => (!opts.only || opts.only.includes(a.provider)) && (!opts.accounts || opts.accounts.includes(a.name)),
  );
  const exported = await Promise.all(accounts.map((a) => exportAccount(a, state, opts, pool)));
  const notes = exported.flatMap((e) => e.notes);
  const found = select(
    exported.flatMap((e) => e.found),
    state,
    opts,
    notes,
  );
  const ctx: FoldContext = { regions: state.regions, accounts: state.accounts };
  const written: Written[] = [];
  for (const provider of opts.providers.values()) {
    for (const kind of provider.kinds as readonly Kind[]) {
      const items = found.filter((f) => f.provider === provider && f.kind === kind);
      if (items.length === 0) continue;
      const result = kind.sharing === "merge" ? foldMerge(items, ctx) : foldOne(items, ctx);
      written.push(...[...result.written].sort((a, b) => compare(String(a.fields.name), String(b.fields.name))));
      notes.push(...result.notes);
    }
  }
  return { written, notes: [...new Set(notes)].sort(compare), failures: exported.flatMap((e) => e.failures).sort() };
}
