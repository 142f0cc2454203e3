/** Reading and writing org and repo webhooks and the ledger that records which of them regionsync owns. */
import { z } from "zod";
import type { Diagnostic, Instance } from "../../core/types.js";
import type { GitHubClient } from "./client.js";
import { HOOK_LEDGER, isStatus, readLedger, type VariableScope, writeLedger } from "./ledger.js";
import { digestSecret, secretMatches } from "./secret-digest.js";
import type { GitHubSession } from "./session.js";
import type { ObservedHook, ObservedHookScope, OwnedHook } from "./state.js";
import { hookScope, type WebhookPayload, type WebhookSpec } from "./webhooks.js";

const hookLedgerSchema = z.object({
  hooks: z
    .record(
      z.string(),
      z.object({
        id: z.number().nullable(),
        url: z.string(),
        secret: z.string().optional(),
        /** The hook's `updated_at` after regionsync's last write: a later one means someone else wrote it. */
        updated_at: z.string().optional(),
      }),
    )
    .default({}),
});
type HookLedger = z.output<typeof hookLedgerSchema>;

function variableScope(scope: string): VariableScope {
  const [kind, a, b] = scope.split("/");
  return kind === "orgs" ? { kind: "org", org: a! } : { kind: "repo", owner: a!, repo: b! };
}

async function loadLedger(gh: GitHubClient, scope: string): Promise<HookLedger> {
  const parsed = hookLedgerSchema.safeParse(await readLedger(gh, variableScope(scope), HOOK_LEDGER));
  return parsed.success ? parsed.data : { hooks: {} };
}

interface ApiHook {
  id: number;
  updated_at?: string;
  events?: string[];
  active?: boolean;
  config: { url?: string; content_type?: string; insecure_ssl?: string | number; secret?: string };
}

async function listHooks(gh: GitHubClient, scope: string): Promise<ObservedHook[]> {
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

/** Hooks and the ledger of every scope the instances name. */
export async function observeWebhooks(
  session: GitHubSession,
  instances: Instance<WebhookSpec>[],
  diagnostics: Diagnostic[],
): Promise<{ scopes: Record<string, ObservedHookScope>; unreadable: string[] }> {
  const out: Record<string, ObservedHookScope> = {};
  const unreadable: string[] = [];
  for (const scope of new Set(instances.map((i) => hookScope(i.spec)))) {
    let hooks: ObservedHook[];
    let ledger: HookLedger;
    try {
      hooks = await listHooks(session.client, scope);
      ledger = await loadLedger(session.client, scope);
    } catch (error) {
      if (!isStatus(error, 404) && !isStatus(error, 403)) throw error;
      diagnostics.push({
        severity: "error",
        message: `the webhooks of ${scope} cannot be read (${(error as { status: number }).status})`,
        hint: "check the name and that the credentials may administer its webhooks (admin:org_hook / admin:repo_hook)",
      });
      unreadable.push(scope);
      continue;
    }
    const owned: Record<string, OwnedHook> = {};
    const claimed = new Set(Object.values(ledger.hooks).flatMap((e) => (e.id === null ? [] : [e.id])));
    for (const [name, entry] of Object.entries(ledger.hooks)) {
      let id = entry.id;
      // A create that died between the API call and the ledger write left a pending entry: the hook with its URL is ours.
      if (id === null) id = hooks.find((h) => !claimed.has(h.id) && h.url === entry.url)?.id ?? null;
      const desired = instances.find((i) => hookScope(i.spec) === scope && i.spec.name === name);
      const value = desired?.spec.secret_env ? session.env[desired.spec.secret_env] : undefined;
      if (desired?.spec.secret_env && value === undefined) {
        diagnostics.push({
          severity: "warning",
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
    out[scope] = { scope, hooks, owned };
  }
  return { scopes: out, unreadable };
}

/** The id of the hook a ledger entry stands for, if it still exists; a pending entry matches an unclaimed hook by URL. */
async function ownedHookId(gh: GitHubClient, scope: string, ledger: HookLedger, name: string) {
  const entry = ledger.hooks[name];
  if (!entry) return undefined;
  const hooks = await listHooks(gh, scope);
  if (entry.id !== null) return hooks.find((h) => h.id === entry.id)?.id;
  const claimed = new Set(Object.values(ledger.hooks).map((e) => e.id));
  return hooks.find((h) => !claimed.has(h.id) && h.url === entry.url)?.id;
}

function recorded(digest: string | undefined, hook: { updated_at?: string }) {
  return { ...(digest ? { secret: digest } : {}), ...(hook.updated_at ? { updated_at: hook.updated_at } : {}) };
}

/** Applies one webhook change; re-reads the ledger first and writes it after every API call that changes ownership. */
export async function applyWebhook(session: GitHubSession, p: WebhookPayload): Promise<string> {
  const gh = session.client;
  const v = variableScope(p.scope);
  const ledger = await loadLedger(gh, p.scope);
  const save = () => writeLedger(gh, v, HOOK_LEDGER, ledger);

  if (p.delete) {
    if (p.hookId !== undefined) {
      try {
        if (v.kind === "org") await gh.rest.orgs.deleteWebhook({ org: v.org, hook_id: p.hookId });
        else await gh.rest.repos.deleteWebhook({ owner: v.owner, repo: v.repo, hook_id: p.hookId });
      } catch (error) {
        if (!isStatus(error, 404)) throw error;
      }
    }
    delete ledger.hooks[p.name];
    await save();
    return `${p.scope}/${p.name}`;
  }

  let secret: string | undefined;
  if (p.secret_env) {
    secret = session.env[p.secret_env];
    if (secret === undefined) throw new Error(`environment variable ${p.secret_env} (webhook secret) is not set`);
  }
  const config = {
    url: p.url!,
    content_type: p.content_type,
    insecure_ssl: p.insecure_ssl ? "1" : "0",
    ...(secret !== undefined ? { secret } : {}),
  };
  const digest = secret !== undefined ? await digestSecret(secret) : undefined;

  // A create applied again (a retried run) finds the hook it made through the ledger and updates it instead.
  const hookId = p.hookId ?? (await ownedHookId(gh, p.scope, ledger, p.name));
  if (hookId !== undefined) {
    const { data } =
      v.kind === "org"
        ? await gh.rest.orgs.updateWebhook({ org: v.org, hook_id: hookId, config, events: p.events, active: p.active })
        : await gh.rest.repos.updateWebhook({
            owner: v.owner,
            repo: v.repo,
            hook_id: hookId,
            config,
            events: p.events,
            active: p.active,
          });
    ledger.hooks[p.name] = { id: hookId, url: config.url, ...recorded(digest, data) };
    await save();
    return `${p.scope}/${p.name}#${hookId}`;
  }

  // Recorded as pending before the create, so a crash in between leaves a hook regionsync recognises as its own.
  ledger.hooks[p.name] = { id: null, url: config.url };
  await save();
  const { data } =
    v.kind === "org"
      ? await gh.rest.orgs.createWebhook({ org: v.org, name: "web", config, events: p.events, active: p.active })
      : await gh.rest.repos.createWebhook({
          owner: v.owner,
          repo: v.repo,
          name: "web",
          config,
          events: p.events,
          active: p.active,
        });
  ledger.hooks[p.name] = { id: data.id, url: config.url, ...recorded(digest, data) };
  await save();
  return `${p.scope}/${p.name}#${data.id}`;
}
