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
import { error } from "./findings.js";
import { issuesToFindings, suggest } from "./issues.js";
import { fillIn } from "./placeholders.js";
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
    ctx.findings.addAll(issuesToFindings(common.error, commonFieldsSchema, path, ctx.positions));
    return undefined;
  }
  const { name, regions: regionNames = [], account, policy } = common.data;
  const targets = targetRegions(regionNames, path, ctx);
  const accountKnown = account === undefined || knownAccount(account, site, ctx);
  if (!targets || !accountKnown) return undefined;

  const declarationId = `${provider.name}/${kind.kind}/${name}`;
  const fieldPositions = ctx.positions.leaves(path);
  const instances: Instance[] = [];
  let failed = false;
  for (const region of targets.length > 0 ? targets : [null]) {
    const spec = specFor(item, region, site, fieldPositions, ctx);
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
    });
  }
  if (failed) return undefined;
  const declaration = {
    id: declarationId,
    provider: provider.name,
    kind: kind.kind,
    name,
    regions: regionNames,
    policy,
  };
  return { declaration, instances };
}

/** The declared regions a declaration names; undefined when it names one that is not declared. */
function targetRegions(names: readonly string[], path: Path, ctx: ExpandContext): Region[] | undefined {
  const targets: Region[] = [];
  let known = true;
  for (const [i, name] of names.entries()) {
    const region = ctx.regions.get(name);
    if (region) targets.push(region);
    else if (!ctx.invalidRegions.has(name)) {
      const declared = [...ctx.regions.keys()];
      const hint = nameHint(suggest(name, declared), `declare it under 'regions' or use one of ${declared.join(", ")}`);
      const at = ctx.positions.value([...path, "regions", i]);
      ctx.findings.add(error("unknown-region", `unknown region '${name}'`, at, hint), name);
      known = false;
    }
  }
  return known ? targets : undefined;
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
    ctx.findings.addAll(issuesToFindings(parsed.error, schema, path, ctx.positions));
    return undefined;
  }
  const {
    regions: _r,
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

/** The resource's account: its region's binding, else the provider's only account. */
function bindAccount(provider: Provider, region: Region | null, accounts: readonly Account[]): string | undefined {
  const bound = region?.accounts[provider.name];
  if (bound) return bound;
  const candidates = accounts.filter((a) => a.provider === provider.name);
  return candidates.length === 1 ? candidates[0]!.name : undefined;
}

function noAccount(name: string, region: Region | null, { provider, kind, path }: Site, ctx: ExpandContext) {
  const candidates = ctx.accounts.filter((a) => a.provider === provider.name).map((a) => a.name);
  const where = region ? ` for region '${region.name}'` : "";
  const hint = candidates.length
    ? `add 'account: ${candidates[0]}' to the resource${region ? `, or bind regions.${region.name}.accounts.${provider.name}` : ""}`
    : `declare an account with 'provider: ${provider.name}' under 'accounts'`;
  const at = ctx.positions.value([...path, "name"]);
  const message = `${kind.kind} '${name}' has no ${provider.name} account${where}`;
  ctx.findings.add(error("no-account", message, at, hint), `${name}@${region?.name ?? ""}`);
}
