/** Reading org and repo webhooks and the ledger that records which of them regionsync owns. */
import type { KindObservation } from "../../core/kind.js";
import type { Diagnostic, Instance } from "../../core/types.js";
import { code } from "./codes.js";
import { HOOK_LEDGER, type HookLedger, hookLedgerSchema, readLedger, type VariableScope } from "./ledger.js";
import { isStatus } from "./requests.js";
import { secretMatches } from "./secret-digest.js";
import type { GitHubClient, GitHubSession } from "./session.js";
import type { WebhookSpec } from "./webhooks-schema.js";

export interface ObservedHook {
  id: number;
  url: string;
  events: string[];
  contentType: string;
  insecureSsl: boolean;
  active: boolean;
  hasSecret: boolean;
  /** Changes on every write to the hook, including one that replaces its secret. */
  updatedAt: string | null;
}

export interface OwnedHook {
  /** Null while a create is pending: the ledger entry is written before the hook, so a crash cannot orphan it. */
  id: number | null;
  url: string;
  /** The hook's secret is the desired one; null when there is nothing to compare. */
  secretUpToDate: boolean | null;
  /** False when a pending entry was matched to the hook it created, and the id is not yet written down. */
  recorded: boolean;
}

export interface ObservedHookScope {
  /** `repos/OWNER/REPO` or `orgs/ORG`. */
  scope: string;
  hooks: ObservedHook[];
  /** Hooks regionsync owns, by declaration name. */
  owned: Record<string, OwnedHook>;
}

export interface WebhookState {
  /** Where settings pages live, for manual instructions. */
  webUrl: string;
  scopes: Record<string, ObservedHookScope>;
  /** Scopes that could not be read: nothing is planned for them. */
  unreadable: string[];
}

/** `repos/OWNER/REPO` or `orgs/ORG`: the hook list and the ledger live there. */
export function hookScope(spec: Pick<WebhookSpec, "repository" | "organization">): string {
  return spec.repository ? `repos/${spec.repository}` : `orgs/${spec.organization}`;
}

export function variableScope(scope: string): VariableScope {
  const [kind, a, b] = scope.split("/");
  return kind === "orgs" ? { kind: "org", org: a! } : { kind: "repo", owner: a!, repo: b! };
}

export async function loadHookLedger(gh: GitHubClient, scope: string): Promise<HookLedger> {
  return (await readLedger(gh, variableScope(scope), HOOK_LEDGER, hookLedgerSchema)) ?? { hooks: {} };
}

interface ApiHook {
  id: number;
  updated_at?: string;
  events?: string[];
  active?: boolean;
  config: { url?: string; content_type?: string; insecure_ssl?: string | number; secret?: string };
}

export async function listHooks(gh: GitHubClient, scope: string): Promise<ObservedHook[]> {
  const v = variableScope(scope);
  const hooks = (
    v.kind === "org"
      ? await gh.paginate(gh.rest.orgs.listWebhooks, { org: v.org, per_page: 100 })
      : await gh.paginate(gh.rest.repos.listWebhooks, { owner: v.owner, repo: v.repo, per_page: 100 })
  ) as ApiHook[];
  return hooks.map((h) => ({
    id: h.id,
    url: h.config.url ?? "",
    events: [...(h.events ?? [])].sort(),
    contentType: h.config.content_type ?? "form",
    insecureSsl: String(h.config.insecure_ssl ?? "0") === "1",
    active: h.active ?? true,
    // GitHub answers "********" for a set secret and omits it otherwise.
    hasSecret: typeof h.config.secret === "string" && h.config.secret.length > 0,
    updatedAt: h.updated_at ?? null,
  }));
}

/** The hook a pending ledger entry stands for: an unclaimed hook with its URL. */
export function pendingHook(hooks: ObservedHook[], ledger: HookLedger, url: string): ObservedHook | undefined {
  const claimed = new Set(Object.values(ledger.hooks).flatMap((e) => (e.id === null ? [] : [e.id])));
  return hooks.find((h) => !claimed.has(h.id) && h.url === url);
}

async function ownedHooks(
  session: GitHubSession,
  scope: string,
  hooks: ObservedHook[],
  ledger: HookLedger,
  instances: Instance<WebhookSpec>[],
  diagnostics: Diagnostic[],
): Promise<Record<string, OwnedHook>> {
  const owned: Record<string, OwnedHook> = {};
  for (const [name, entry] of Object.entries(ledger.hooks)) {
    // A create that died between the API call and the ledger write left a pending entry: the hook with its URL is ours.
    const id = entry.id ?? pendingHook(hooks, ledger, entry.url)?.id ?? null;
    const desired = instances.find((i) => hookScope(i.spec) === scope && i.spec.name === name);
    const value = desired?.spec.secret_env ? session.env[desired.spec.secret_env] : undefined;
    if (desired?.spec.secret_env && value === undefined) {
      diagnostics.push({
        severity: "warning",
        code: code("secret-not-comparable"),
        message: `the secret of webhook ${scope}/${name} cannot be compared: environment variable ${desired.spec.secret_env} is not set`,
        instance: desired.id,
      });
    }
    owned[name] = {
      id,
      url: entry.url,
      secretUpToDate:
        value === undefined
          ? null
          : (await secretMatches(value, entry.secret)) &&
            (entry.updated_at === undefined || entry.updated_at === hooks.find((h) => h.id === id)?.updatedAt),
      recorded: entry.id !== null,
    };
  }
  return owned;
}

/** Hooks and the ledger of every scope the instances name. */
export async function observeWebhooks(
  session: GitHubSession,
  instances: Instance<WebhookSpec>[],
): Promise<KindObservation<WebhookState>> {
  const scopes: Record<string, ObservedHookScope> = {};
  const unreadable: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const scope of new Set(instances.map((i) => hookScope(i.spec)))) {
    let hooks: ObservedHook[];
    let ledger: HookLedger;
    try {
      hooks = await listHooks(session.client, scope);
      ledger = await loadHookLedger(session.client, scope);
    } catch (error) {
      if (!isStatus(error, 404) && !isStatus(error, 403)) throw error;
      diagnostics.push({
        severity: "error",
        code: code("hooks-unreadable"),
        message: `the webhooks of ${scope} cannot be read (${(error as { status: number }).status})`,
        hint: "check the name and that the credentials may administer its webhooks (admin:org_hook / admin:repo_hook)",
      });
      unreadable.push(scope);
      continue;
    }
    const owned = await ownedHooks(session, scope, hooks, ledger, instances, diagnostics);
    scopes[scope] = { scope, hooks, owned };
  }
  const ownedCount = Object.values(scopes).reduce(
    (n, s) => n + Object.values(s.owned).filter((o) => s.hooks.some((h) => h.id === o.id)).length,
    0,
  );
  return { state: { webUrl: session.webUrl, scopes, unreadable }, owned: ownedCount, diagnostics };
}
