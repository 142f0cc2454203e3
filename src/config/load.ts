/**
 * Loads desired-state.yaml: parse, validate every section (collecting every problem in one pass), expand region
 * templates into instances and bind them to accounts. Never throws on bad input and does no I/O beyond reading the
 * file: validation is separate from planning and applying.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import type { Account, Diagnostic, Instance, KindDefinition, Provider, Region, SourcePosition } from "../core/types.js";
import { describePath, issuesToDiagnostics, suggest } from "./issues.js";
import { substitute } from "./placeholders.js";
import { type Path, PositionIndex } from "./positions.js";
import {
  accountNameSchema,
  accountSchemaFor,
  commonDeclarationFields,
  declarationSchema,
  regionSchema,
  type Settings,
  settingsSchema,
} from "./schema.js";
import { findSecrets } from "./secrets.js";

/** One declared resource: a row of the coverage matrix. */
export interface Declaration {
  id: string;
  provider: string;
  kind: string;
  name: string;
  regions: string[];
  policy: "manage" | "observe";
}

export interface DesiredState {
  file: string;
  /** sha256 of the file's text: saved plans record it. */
  digest: string;
  settings: Settings;
  regions: Region[];
  accounts: Account[];
  declarations: Declaration[];
  instances: Instance[];
}

export interface LoadResult {
  state?: DesiredState;
  diagnostics: Diagnostic[];
}

const topSchema = z.strictObject({
  version: z.literal(1),
  settings: settingsSchema.optional(),
  regions: z.record(z.string(), z.unknown()),
  accounts: z.record(z.string(), z.unknown()),
  resources: z.record(z.string(), z.unknown()).optional(),
});

const error = (message: string, at: SourcePosition | undefined, hint?: string): Diagnostic => ({
  severity: "error",
  message,
  hint,
  at,
});

export async function loadDesiredStateFile(
  file: string,
  providers: ReadonlyMap<string, Provider>,
): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : String((e as Error).message);
    return {
      diagnostics: [error(`cannot read ${file}: ${reason}`, undefined, "pass the path with --file (or -f)")],
    };
  }
  return loadDesiredStateText(text, file, providers);
}

export function loadDesiredStateText(text: string, file: string, providers: ReadonlyMap<string, Provider>): LoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const positions = new PositionIndex(doc, lines, file);
  if (doc.errors.length > 0) {
    // After the first syntax error the parser's further complaints are mostly echoes of it.
    const [first] = doc.errors;
    const more = doc.errors.length - 1;
    return {
      diagnostics: [
        error(
          `YAML syntax: ${first!.message.split("\n")[0]}${more ? ` (and ${more} more problem${more === 1 ? "" : "s"} that may follow from it)` : ""}`,
          positions.at(first!.pos[0]),
          first!.code === "DUPLICATE_KEY"
            ? "remove one of the duplicate keys"
            : "fix the YAML syntax here; quote values that contain ': ', '#', '{' or '}' in flow collections",
        ),
      ],
    };
  }
  const raw = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    return {
      diagnostics: [
        error("desired-state.yaml must be a mapping with version, regions, accounts and resources", positions.at(0)),
      ],
    };
  }
  const record = raw as Record<string, unknown>;
  const diagnostics: Diagnostic[] = [];

  const secretKeys = new Set<string>();
  for (const finding of findSecrets({ accounts: record.accounts, resources: record.resources })) {
    const parent = finding.path.slice(0, -1);
    const at = positions.key(parent, finding.key);
    secretKeys.add(`${describePath(parent)}#${finding.key}`);
    diagnostics.push(error(`${describePath(finding.path)}: ${finding.message}`, at, finding.hint));
  }
  const seen = new Set<string>();
  const push = (found: Diagnostic[]) => {
    for (const d of found) {
      const m = /^unknown key '([^']+)' in (.*)$/.exec(d.message);
      if (m && secretKeys.has(`${m[2]}#${m[1]}`)) continue;
      // One mistake is reported once, however many region copies or references repeat it.
      const key = `${d.severity}|${d.message}|${d.at?.line}:${d.at?.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      diagnostics.push(d);
    }
  };

  const top = topSchema.safeParse(raw, { reportInput: true });
  if (!top.success) {
    push(issuesToDiagnostics(top.error, topSchema, [], positions));
    if (top.error.issues.some((i) => i.path.length <= 1 && i.code !== "unrecognized_keys")) {
      return { diagnostics };
    }
  }
  const settings = settingsSchema.parse(
    top.success ? top.data.settings : settingsSchema.safeParse(record.settings, { reportInput: true }).data,
  ) as Settings;

  const regions = parseRegions(record.regions as Record<string, unknown>, positions, push);
  // A region that is declared but invalid was reported already; references to it are not errors of their own.
  const declaredRegions = new Set(Object.keys((record.regions ?? {}) as Record<string, unknown>));
  const invalidRegions = new Set([...declaredRegions].filter((name) => !regions.has(name)));
  const accounts = parseAccounts(record.accounts as Record<string, unknown>, providers, positions, push);
  // An account that is declared but invalid was reported already; references to it are not errors of their own.
  const declaredAccounts = new Set(Object.keys((record.accounts ?? {}) as Record<string, unknown>));
  const referencesInvalid = (name: string) => declaredAccounts.has(name) && !accounts.some((a) => a.name === name);
  checkRegionBindings(regions, accounts, providers, positions, (found) =>
    push(
      found.filter((d) => !(d.message.startsWith("unknown account '") && referencesInvalid(d.message.split("'")[1]!))),
    ),
  );
  const { declarations, instances } = expandResources(
    (record.resources ?? {}) as Record<string, unknown>,
    providers,
    regions,
    accounts,
    positions,
    (found) =>
      push(
        found.filter(
          (d) => !(d.message.startsWith("unknown account '") && referencesInvalid(d.message.split("'")[1]!)),
        ),
      ),
    invalidRegions,
  );
  checkCollisions(instances, providers, push);

  for (const provider of providers.values()) {
    const mine = instances.filter((i) => i.provider === provider.name);
    const theirAccounts = accounts.filter((a) => a.provider === provider.name);
    if (mine.length > 0) push(provider.validate?.(mine, theirAccounts) ?? []);
    for (const kind of provider.kinds) push(kind.validate?.(mine.filter((i) => i.kind === kind.kind), accounts) ?? []);
  }

  const state: DesiredState = {
    file,
    digest: createHash("sha256").update(text).digest("hex"),
    settings,
    regions: [...regions.values()],
    accounts,
    declarations,
    instances,
  };
  return { state: diagnostics.some((d) => d.severity === "error") ? undefined : state, diagnostics };
}

type Push = (d: Diagnostic[]) => void;

function parseRegions(raw: Record<string, unknown>, positions: PositionIndex, push: Push): Map<string, Region> {
  const regions = new Map<string, Region>();
  for (const [name, value] of Object.entries(raw ?? {})) {
    const path: Path = ["regions", name];
    if (!/^[a-z][a-z0-9-]*$/.test(name)) {
      push([
        error(
          `region name '${name}' is not allowed`,
          positions.key(["regions"], name),
          "use lower-case letters, digits and '-'",
        ),
      ]);
      continue;
    }
    const parsed = regionSchema.safeParse(value, { reportInput: true });
    if (!parsed.success) {
      push(issuesToDiagnostics(parsed.error, regionSchema, path, positions));
      continue;
    }
    regions.set(name, {
      name,
      hosts: parsed.data.hosts,
      cloudRegion: parsed.data.cloud_region,
      paging: parsed.data.paging,
      values: parsed.data.values,
      accounts: parsed.data.accounts,
    });
  }
  return regions;
}

function parseAccounts(
  raw: Record<string, unknown>,
  providers: ReadonlyMap<string, Provider>,
  positions: PositionIndex,
  push: Push,
): Account[] {
  const accounts: Account[] = [];
  const known = [...providers.keys()];
  for (const [name, value] of Object.entries(raw ?? {})) {
    const path: Path = ["accounts", name];
    if (!accountNameSchema.safeParse(name, { reportInput: true }).success) {
      push([
        error(
          `account name '${name}' is not allowed`,
          positions.key(["accounts"], name),
          "use lower-case letters, digits and '-'",
        ),
      ]);
      continue;
    }
    const providerName = (value as { provider?: unknown } | null)?.provider;
    if (typeof providerName !== "string") {
      push([
        error(
          `account '${name}' has no 'provider'`,
          positions.value(path),
          `add 'provider: ' with one of ${known.join(", ")}`,
        ),
      ]);
      continue;
    }
    const provider = providers.get(providerName);
    if (!provider) {
      const close = suggest(providerName, known);
      push([
        error(
          `account '${name}': unknown provider '${providerName}'`,
          positions.value([...path, "provider"]),
          close ? `did you mean '${close}'?` : `use one of ${known.join(", ")}`,
        ),
      ]);
      continue;
    }
    const schema = accountSchemaFor(provider);
    const parsed = schema.safeParse(value, { reportInput: true });
    if (!parsed.success) {
      push(issuesToDiagnostics(parsed.error, schema, path, positions));
      continue;
    }
    const { provider: _p, endpoint, ...settings } = parsed.data as Record<string, unknown>;
    if (typeof endpoint === "string") {
      const url = new URL(endpoint);
      if (url.protocol === "http:" && !isLoopback(url.hostname)) {
        push([
          error(
            `account '${name}': endpoint must use https (http is allowed only on loopback)`,
            positions.value([...path, "endpoint"]),
            "write https://...",
          ),
        ]);
      }
    }
    accounts.push({
      name,
      provider: providerName,
      endpoint: endpoint as string | undefined,
      settings,
      at: positions.key(["accounts"], name),
    });
  }
  return accounts;
}

export function isLoopback(hostname: string): boolean {
  return (
    hostname === "localhost" || hostname === "[::1]" || hostname === "::1" || /^127\.\d+\.\d+\.\d+$/.test(hostname)
  );
}

function checkRegionBindings(
  regions: Map<string, Region>,
  accounts: Account[],
  providers: ReadonlyMap<string, Provider>,
  positions: PositionIndex,
  push: Push,
) {
  for (const region of regions.values()) {
    for (const [providerName, accountName] of Object.entries(region.accounts)) {
      const path: Path = ["regions", region.name, "accounts"];
      if (!providers.has(providerName)) {
        const close = suggest(providerName, [...providers.keys()]);
        push([
          error(
            `region '${region.name}' binds unknown provider '${providerName}'`,
            positions.key(path, providerName),
            close ? `did you mean '${close}'?` : `use one of ${[...providers.keys()].join(", ")}`,
          ),
        ]);
        continue;
      }
      const account = accounts.find((a) => a.name === accountName);
      if (!account) {
        push([unknownAccount(accountName, accounts, providerName, positions.value([...path, providerName]))]);
      } else if (account.provider !== providerName) {
        push([
          error(
            `region '${region.name}' binds ${providerName} to account '${accountName}', which is a ${account.provider} account`,
            positions.value([...path, providerName]),
            `bind an account whose provider is ${providerName}`,
          ),
        ]);
      }
    }
  }
}

function unknownAccount(name: string, accounts: Account[], provider: string, at: SourcePosition): Diagnostic {
  const candidates = accounts.filter((a) => a.provider === provider).map((a) => a.name);
  const close = suggest(name, candidates);
  return error(
    `unknown account '${name}'`,
    at,
    close
      ? `did you mean '${close}'?`
      : candidates.length
        ? `use one of ${candidates.join(", ")}`
        : `declare an account with 'provider: ${provider}' under 'accounts'`,
  );
}

function expandResources(
  raw: Record<string, unknown>,
  providers: ReadonlyMap<string, Provider>,
  regions: Map<string, Region>,
  accounts: Account[],
  positions: PositionIndex,
  push: Push,
  invalidRegions: ReadonlySet<string>,
): { declarations: Declaration[]; instances: Instance[] } {
  const declarations: Declaration[] = [];
  const instances: Instance[] = [];
  for (const [providerName, kindsRaw] of Object.entries(raw)) {
    const provider = providers.get(providerName);
    if (!provider) {
      const close = suggest(providerName, [...providers.keys()]);
      push([
        error(
          `unknown provider '${providerName}' under resources`,
          positions.key(["resources"], providerName),
          close ? `did you mean '${close}'?` : `use one of ${[...providers.keys()].join(", ")}`,
        ),
      ]);
      continue;
    }
    if (!kindsRaw || typeof kindsRaw !== "object" || Array.isArray(kindsRaw)) {
      push([
        error(
          `resources.${providerName} must be a mapping of resource kinds`,
          positions.value(["resources", providerName]),
        ),
      ]);
      continue;
    }
    for (const [key, list] of Object.entries(kindsRaw)) {
      const kind = provider.kinds.find((k) => k.key === key);
      if (!kind) {
        const keys = provider.kinds.map((k) => k.key);
        const close = suggest(key, keys);
        push([
          error(
            `unknown key '${key}' in resources.${providerName}`,
            positions.key(["resources", providerName], key),
            close ? `did you mean '${close}'?` : `${providerName} has ${keys.join(", ")}`,
          ),
        ]);
        continue;
      }
      if (!Array.isArray(list)) {
        push([
          error(
            `resources.${providerName}.${key} must be a list`,
            positions.value(["resources", providerName, key]),
            "write each resource as a list item starting with '- name: ...'",
          ),
        ]);
        continue;
      }
      list.forEach((item, index) => {
        const path: Path = ["resources", providerName, key, index];
        const expanded = expandDeclaration(
          item,
          path,
          provider,
          kind,
          regions,
          accounts,
          positions,
          push,
          invalidRegions,
        );
        if (!expanded) return;
        if (declarations.some((d) => d.id === expanded.declaration.id)) {
          push([
            error(
              `${kind.kind} '${expanded.declaration.name}' is declared twice`,
              positions.value([...path, "name"]),
              "merge the two declarations or give them different names",
            ),
          ]);
          return;
        }
        declarations.push(expanded.declaration);
        instances.push(...expanded.instances);
      });
    }
  }
  return { declarations, instances };
}

const commonFieldsSchema = z.looseObject(commonDeclarationFields);

/**
 * Expands one declaration into its per-region instances. The kind's schema is checked on each region's copy after
 * placeholders are filled in, so a field's rules (a URL, a tag pattern) apply to the value the vendor will see.
 */
function expandDeclaration(
  item: unknown,
  path: Path,
  provider: Provider,
  kind: KindDefinition,
  regions: Map<string, Region>,
  accounts: Account[],
  positions: PositionIndex,
  push: Push,
  invalidRegions: ReadonlySet<string>,
): { declaration: Declaration; instances: Instance[] } | undefined {
  const common = commonFieldsSchema.safeParse(item, { reportInput: true });
  if (!common.success) {
    push(issuesToDiagnostics(common.error, commonFieldsSchema, path, positions));
    return undefined;
  }
  const { name, regions: regionNames, account: accountName, policy } = common.data;
  const declarationId = `${provider.name}/${kind.kind}/${name}`;
  let ok = true;
  const targets: Array<Region | null> = [];
  for (const [i, regionName] of (regionNames ?? []).entries()) {
    const region = regions.get(regionName);
    if (!region && invalidRegions.has(regionName)) {
      // Reported where the region is declared; the other regions' copies are still checked.
      continue;
    }
    if (!region) {
      const close = suggest(regionName, [...regions.keys()]);
      push([
        error(
          `unknown region '${regionName}'`,
          positions.value([...path, "regions", i]),
          close
            ? `did you mean '${close}'?`
            : `declare it under 'regions' or use one of ${[...regions.keys()].join(", ")}`,
        ),
      ]);
      ok = false;
    } else {
      targets.push(region);
    }
  }
  if (accountName !== undefined) {
    const account = accounts.find((a) => a.name === accountName);
    if (!account || account.provider !== provider.name) {
      push([unknownAccount(accountName, accounts, provider.name, positions.value([...path, "account"]))]);
      ok = false;
    }
  }
  if (!ok) return undefined;
  if (targets.length === 0) targets.push(null);

  const schema = declarationSchema(kind);
  const fieldPositions = positions.leaves(path);
  const instances: Instance[] = [];
  // The same mistake shows once, not once per region.
  const reported = new Set<string>();
  const report = (found: Diagnostic[]) =>
    push(
      found.filter((d) => {
        const key = `${d.message}@${d.at?.line}:${d.at?.column}`;
        if (reported.has(key)) return false;
        reported.add(key);
        return true;
      }),
    );
  let failed = false;
  for (const region of targets) {
    const problems: Diagnostic[] = [];
    const fill = (value: unknown, at: string): unknown => {
      if (typeof value === "string") {
        const result = substitute(value, region);
        for (const p of result.problems) {
          problems.push(error(p.error, fieldPositions[at] ?? positions.value(path), p.hint));
        }
        return result.value;
      }
      if (Array.isArray(value)) return value.map((v, i) => fill(v, at ? `${at}.${i}` : String(i)));
      if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, at ? `${at}.${k}` : k)]));
      }
      return value;
    };
    const filled = fill(item, "");
    if (problems.length > 0) {
      report(problems);
      failed = true;
      continue;
    }
    const parsed = schema.safeParse(filled, { reportInput: true });
    if (!parsed.success) {
      report(issuesToDiagnostics(parsed.error, schema, path, positions));
      failed = true;
      continue;
    }
    const {
      name: expandedName,
      regions: _regions,
      account: _account,
      policy: _policy,
      allow_delete,
      ...spec
    } = parsed.data as { name: string; allow_delete: boolean } & Record<string, unknown>;
    const boundAccount = accountName ?? bindAccount(provider, region, accounts);
    if (!boundAccount) {
      const candidates = accounts.filter((a) => a.provider === provider.name).map((a) => a.name);
      report([
        error(
          `${kind.kind} '${expandedName}' has no ${provider.name} account${region ? ` for region '${region.name}'` : ""}`,
          positions.value([...path, "name"]),
          candidates.length
            ? `add 'account: ${candidates[0]}' to the resource${region ? `, or bind regions.${region.name}.accounts.${provider.name}` : ""}`
            : `declare an account with 'provider: ${provider.name}' under 'accounts'`,
        ),
      ]);
      failed = true;
      continue;
    }
    instances.push({
      id: `${provider.name}/${kind.kind}/${expandedName}${region ? `@${region.name}` : ""}`,
      provider: provider.name,
      kind: kind.kind,
      declaration: declarationId,
      region: region?.name ?? null,
      account: boundAccount,
      policy,
      allowDelete: allow_delete,
      spec: { name: expandedName, ...spec },
      at: positions.value(path),
      fieldPositions,
    });
  }
  if (failed) return undefined;
  return {
    declaration: {
      id: declarationId,
      provider: provider.name,
      kind: kind.kind,
      name,
      regions: regionNames ?? [],
      policy,
    },
    instances,
  };
}

function bindAccount(provider: Provider, region: Region | null, accounts: Account[]): string | undefined {
  const bound = region?.accounts[provider.name];
  if (bound) return bound;
  const candidates = accounts.filter((a) => a.provider === provider.name);
  return candidates.length === 1 ? candidates[0]!.name : undefined;
}

function checkCollisions(instances: Instance[], providers: ReadonlyMap<string, Provider>, push: Push) {
  const seen = new Map<string, Instance>();
  for (const instance of instances) {
    const kind = providers.get(instance.provider)?.kinds.find((k) => k.kind === instance.kind);
    if (!kind) continue;
    const identity = kind.identity(instance);
    const key = `${instance.provider}\u0000${instance.account}\u0000${instance.kind}\u0000${identity}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, instance);
      continue;
    }
    if (kind.sharing === "merge" && first.declaration === instance.declaration) continue;
    push([
      error(
        `${instance.kind} '${identity}' in account '${instance.account}' is declared twice after region expansion (${first.id} and ${instance.id})`,
        instance.at,
        first.declaration === instance.declaration
          ? "put ${region.name} in the name, or bind the regions to different accounts"
          : "rename one of the resources or bind them to different accounts",
      ),
    ]);
  }
}
