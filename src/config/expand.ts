/**
 * Expands one resource declaration into its per-region instances, each bound to an account. The kind's schema is
 * checked on each region's copy after placeholders are filled in, so a field's rules (a URL, a tag pattern) apply to
 * the value the vendor will see.
 */
import { z } from "zod";
import type { Declaration } from "../core/desired-state.js";
import type { Kind, Provider } from "../core/kind.js";
import type { Account, Instance, Region, SourcePosition } from "../core/types.js";
import { unknownAccount } from "./accounts.js";
import { type LoadContext, nameHint } from "./context.js";
import { error, subjectAt } from "./findings.js";
import { issuesToFindings, suggest } from "./issues.js";
import { fillIn, hasPlaceholder } from "./placeholders.js";
import type { Path } from "./positions.js";
import { commonDeclarationFields, declarationSchema } from "./schema.js";

export interface ExpandContext extends LoadContext {
  regions: ReadonlyMap<string, Region>;
  /** Regions that are declared but invalid: reported where declared, so references to them are passed over. */
  invalidRegions: ReadonlySet<string>;
  accounts: readonly Account[];
}

/** Where a declaration is written and what it declares. */
export interface Site {
  provider: Provider;
  kind: Kind;
  path: Path;
}

export interface Expansion {
  declaration: Declaration;
  instances: Instance[];
}

const commonFieldsSchema = z.looseObject(commonDeclarationFields);

export function expandDeclaration(item: unknown, site: Site, ctx: ExpandContext): Expansion | undefined {
  const { provider, kind, path } = site;
  const common = commonFieldsSchema.safeParse(item, { reportInput: true });
  if (!common.success) {
    ctx.findings.addAll(issuesToFindings(common.error.issues, commonFieldsSchema, path, ctx.positions));
    checkUnexpanded(item, site, ctx);
    return undefined;
  }
  const { name, account, policy } = common.data;
  const regionNames = regionsServed(common.data.regions, common.data.except, path, ctx);
  if (!regionNames) {
    checkUnexpanded(item, site, ctx);
    return undefined;
  }
  const targets = targetRegions(regionNames, path, ctx);
  const accountKnown = account === undefined || knownAccount(account, site, ctx);
  // Each problem in one pass: the fields are checked even when the regions or the account are wrong.
  if (regionNames.length > 0 && targets.known.length === 0) {
    checkUnexpanded(item, site, ctx);
    return undefined;
  }
  const fieldPositions = ctx.positions.leaves(path);
  const copies = (targets.known.length > 0 ? targets.known : [null]).map((region) => ({
    region,
    spec: specFor(item, region, site, fieldPositions, ctx),
  }));
  if (targets.unknown || !accountKnown) return undefined;

  const declarationId = `${provider.name}/${kind.kind}/${name}`;
  const instances: Instance[] = [];
  let failed = false;
  for (const { region, spec } of copies) {
    const boundAccount = account ?? bindAccount(provider, region, ctx.accounts);
    if (spec && !boundAccount) noAccount(spec.name, region, site, ctx);
    if (!spec || !boundAccount) {
      failed = true;
      continue;
    }
    instances.push({
      id: `${provider.name}/${kind.kind}/${spec.name}${region ? `@${region.name}` : ""}`,
      provider: provider.name,
      kind: kind.kind,
      declaration: declarationId,
      region: region?.name ?? null,
      account: boundAccount,
      policy,
      allowDelete: spec.allowDelete,
      spec: spec.spec,
      at: ctx.positions.value(path),
      fieldPositions,
      ...(region ? { egress: region.egress } : {}),
    });
  }
  if (failed) return undefined;
  const names = Object.fromEntries(copies.map(({ region, spec }) => [region?.name ?? "*", spec?.name ?? name]));
  const declaration = {
    id: declarationId,
    provider: provider.name,
    kind: kind.kind,
    name,
    regions: regionNames,
    names,
    policy,
  };
  return { declaration, instances };
}

/**
 * The region names a declaration serves: its list, or every declared region for `all` minus `except`. Undefined when
 * `except` is misused or leaves nothing (reported here).
 */
function regionsServed(
  written: string[] | "all" | undefined,
  except: string[] | undefined,
  path: Path,
  ctx: ExpandContext,
): string[] | undefined {
  if (except && written !== "all") {
    const hint = "write 'regions: all' beside it, or list the regions to serve and drop 'except'";
    const at = ctx.positions.key(path, "except");
    ctx.findings.add(error("invalid-value", "'except' goes only with 'regions: all'", at, hint), subjectAt(path));
    return undefined;
  }
  if (written !== "all") return written ?? [];
  const declared = [...ctx.regions.keys()];
  for (const [i, name] of (except ?? []).entries()) {
    if (ctx.regions.has(name) || ctx.invalidRegions.has(name)) continue;
    const hint = nameHint(suggest(name, declared), `use one of ${declared.join(", ")}`);
    const at = ctx.positions.value([...path, "except", i]);
    ctx.findings.add(error("unknown-region", `unknown region '${name}' in except`, at, hint), name);
  }
  const served = declared.filter((r) => !except?.includes(r));
  if (served.length > 0) return served;
  const message = except ? "'except' leaves this declaration no region" : "'regions: all', but no region is declared";
  const hint = except ? "leave at least one region out of 'except'" : "declare a region under 'regions'";
  const at = ctx.positions.key(path, except ? "except" : "regions");
  ctx.findings.add(error("invalid-value", message, at, hint), subjectAt(path));
  return undefined;
}

/** The valid regions a declaration names, and whether it names one that is not declared. */
function targetRegions(
  names: readonly string[],
  path: Path,
  ctx: ExpandContext,
): { known: Region[]; unknown: boolean } {
  const known: Region[] = [];
  let unknown = false;
  for (const [i, name] of names.entries()) {
    const region = ctx.regions.get(name);
    if (region) known.push(region);
    else if (!ctx.invalidRegions.has(name)) {
      const declared = [...ctx.regions.keys()];
      const hint = nameHint(suggest(name, declared), `declare it under 'regions' or use one of ${declared.join(", ")}`);
      const at = ctx.positions.value([...path, "regions", i]);
      ctx.findings.add(error("unknown-region", `unknown region '${name}'`, at, hint), name);
      unknown = true;
    }
  }
  return { known, unknown };
}

function knownAccount(name: string, { provider, path }: Site, ctx: ExpandContext): boolean {
  const account = ctx.accounts.find((a) => a.name === name);
  if (account?.provider === provider.name) return true;
  ctx.findings.add(unknownAccount(name, ctx.accounts, provider.name, ctx.positions.value([...path, "account"])), name);
  return false;
}

interface RegionSpec {
  name: string;
  allowDelete: boolean;
  /** The provider's fields, with `name`. */
  spec: Record<string, unknown>;
}

/** One region's copy of the declaration, placeholders filled in and checked against the kind's schema. */
function specFor(
  item: unknown,
  region: Region | null,
  { kind, path }: Site,
  fieldPositions: Record<string, SourcePosition>,
  ctx: ExpandContext,
): RegionSpec | undefined {
  const filled = fillIn(item, region);
  for (const p of filled.problems) {
    ctx.findings.add(
      error("placeholder", p.error, fieldPositions[p.path] ?? ctx.positions.value(path), p.hint),
      p.subject,
    );
  }
  if (filled.problems.length > 0) return undefined;
  const schema = declarationSchema(kind);
  const parsed = schema.safeParse(filled.value, { reportInput: true });
  if (!parsed.success) {
    ctx.findings.addAll(issuesToFindings(parsed.error.issues, schema, path, ctx.positions));
    return undefined;
  }
  const {
    regions: _r,
    except: _e,
    account: _a,
    policy: _p,
    allow_delete,
    ...spec
  } = parsed.data as {
    name: string;
    allow_delete: boolean;
  } & Record<string, unknown>;
  return { name: spec.name, allowDelete: allow_delete, spec };
}

/**
 * Checks a declaration that cannot be expanded (no valid region to expand it for) against its kind's schema as written,
 * passing over values that hold placeholders: their rules apply to the filled-in value.
 */
function checkUnexpanded(item: unknown, { kind, path }: Site, ctx: ExpandContext): void {
  const schema = declarationSchema(kind);
  const parsed = schema.safeParse(item, { reportInput: true });
  if (parsed.success) return;
  const issues = parsed.error.issues.filter((i) => !(typeof i.input === "string" && hasPlaceholder(i.input)));
  ctx.findings.addAll(issuesToFindings(issues, schema, path, ctx.positions));
}

/** The resource's account: its region's binding, else the provider's only account. */
function bindAccount(provider: Provider, region: Region | null, accounts: readonly Account[]): string | undefined {
  const bound = region?.accounts[provider.name];
  if (bound) return bound;
  const candidates = accounts.filter((a) => a.provider === provider.name);
  return candidates.length === 1 ? candidates[0]!.name : undefined;
}

function noAccount(name: string, region: Region | null, site: Site, ctx: ExpandContext) {
  const { provider, kind, path } = site;
  const candidates = ctx.accounts.filter((a) => a.provider === provider.name).map((a) => a.name);
  if (region && candidates.length > 1) return unboundRegion(name, region, site, candidates, ctx);
  const where = region ? ` for region '${region.name}'` : "";
  const hint = candidates.length
    ? `add 'account: ${candidates[0]}' to the resource${region ? `, or bind regions.${region.name}.accounts.${provider.name}` : ""}`
    : `declare an account with 'provider: ${provider.name}' under 'accounts'`;
  const at = ctx.positions.value([...path, "name"]);
  const message = `${kind.kind} '${name}' has no ${provider.name} account${where}`;
  ctx.findings.add(error("no-account", message, at, hint), `${name}@${region?.name ?? ""}`);
}

/**
 * A region bound to no account of a provider one of its declarations needs, among several: the fix is in the region
 * block, so that is where the error points (one error per region and provider).
 */
function unboundRegion(
  name: string,
  region: Region,
  { provider, kind }: Site,
  candidates: string[],
  ctx: ExpandContext,
) {
  const where = `regions.${region.name}.accounts.${provider.name}`;
  const message = `${where}: region '${region.name}' is bound to no ${provider.name} account, and ${kind.kind} '${name}' needs one`;
  const hint = `add '${provider.name}: ACCOUNT' under regions.${region.name}.accounts (one of ${candidates.join(", ")}, or a new account declared under 'accounts')`;
  const bound = Object.keys(region.accounts).length > 0;
  const at = bound
    ? ctx.positions.key(["regions", region.name], "accounts")
    : ctx.positions.key(["regions"], region.name);
  ctx.findings.add(error("no-account", message, at, hint), `${provider.name}@${region.name}`);
}
