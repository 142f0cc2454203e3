/** Writing org and repo webhooks, and the ledger entry that records each one regionsync owns. */
import { HOOK_LEDGER, type HookLedger, writeLedger } from "./ledger.js";
import { deleteIfPresent } from "./requests.js";
import { digestSecret } from "./secret-digest.js";
import type { GitHubClient, GitHubSession } from "./session.js";
import { listHooks, loadHookLedger, pendingHook, variableScope } from "./webhooks-observe.js";
import type { WebhookPayload } from "./webhooks-schema.js";

interface HookSettings {
  config: { url: string; content_type?: string; insecure_ssl: string; secret?: string };
  events?: string[];
  active?: boolean;
}

/** The id of the hook a ledger entry stands for, if it still exists; a pending entry matches an unclaimed hook by URL. */
async function ownedHookId(gh: GitHubClient, scope: string, ledger: HookLedger, name: string) {
  const entry = ledger.hooks[name];
  if (!entry) return undefined;
  const hooks = await listHooks(gh, scope);
  if (entry.id !== null) return hooks.find((h) => h.id === entry.id)?.id;
  return pendingHook(hooks, ledger, entry.url)?.id;
}

function recorded(digest: string | undefined, hook: { updated_at?: string }) {
  return { ...(digest ? { secret: digest } : {}), ...(hook.updated_at ? { updated_at: hook.updated_at } : {}) };
}

/** The hook requests of one scope: GitHub has the same three for repositories and organizations. */
function hookRequests(gh: GitHubClient, scope: string) {
  const v = variableScope(scope);
  if (v.kind === "org") {
    return {
      create: (s: HookSettings) => gh.rest.orgs.createWebhook({ org: v.org, name: "web", ...s }),
      update: (hook_id: number, s: HookSettings) => gh.rest.orgs.updateWebhook({ org: v.org, hook_id, ...s }),
      remove: (hook_id: number) => gh.rest.orgs.deleteWebhook({ org: v.org, hook_id }),
    };
  }
  const at = { owner: v.owner, repo: v.repo };
  return {
    create: (s: HookSettings) => gh.rest.repos.createWebhook({ ...at, name: "web", ...s }),
    update: (hook_id: number, s: HookSettings) => gh.rest.repos.updateWebhook({ ...at, hook_id, ...s }),
    remove: (hook_id: number) => gh.rest.repos.deleteWebhook({ ...at, hook_id }),
  };
}

/** Applies one webhook change; re-reads the ledger first and writes it after every API call that changes ownership. */
export async function applyWebhook(session: GitHubSession, p: WebhookPayload): Promise<string> {
  const gh = session.client;
  const requests = hookRequests(gh, p.scope);
  const ledger = await loadHookLedger(gh, p.scope);
  const save = () => writeLedger(gh, variableScope(p.scope), HOOK_LEDGER, ledger);

  if ("delete" in p) {
    await deleteIfPresent(() => requests.remove(p.hookId));
    delete ledger.hooks[p.name];
    await save();
    return `${p.scope}/${p.name}`;
  }

  let secret: string | undefined;
  if (p.secret_env) {
    secret = session.env[p.secret_env];
    if (secret === undefined) throw new Error(`environment variable ${p.secret_env} (webhook secret) is not set`);
  }
  const settings: HookSettings = {
    config: {
      url: p.url,
      content_type: p.content_type,
      insecure_ssl: p.insecure_ssl ? "1" : "0",
      ...(secret !== undefined ? { secret } : {}),
    },
    events: p.events,
    active: p.active,
  };
  const digest = secret !== undefined ? await digestSecret(secret) : undefined;

  // A create applied again (a retried run) finds the hook it made through the ledger and updates it instead.
  const hookId = p.hookId ?? (await ownedHookId(gh, p.scope, ledger, p.name));
  if (hookId !== undefined) {
    const { data } = await requests.update(hookId, settings);
    ledger.hooks[p.name] = { id: hookId, url: p.url, ...recorded(digest, data) };
    await save();
    return `${p.scope}/${p.name}#${hookId}`;
  }

  // Recorded as pending before the create, so a crash in between leaves a hook regionsync recognises as its own.
  ledger.hooks[p.name] = { id: null, url: p.url };
  await save();
  const data = await gh.createOnce<{ id: number; updated_at?: string }>(
    async () => (await requests.create(settings)).data,
    async () => {
      const made = pendingHook(await listHooks(gh, p.scope), ledger, p.url);
      return made && { id: made.id, ...(made.updatedAt ? { updated_at: made.updatedAt } : {}) };
    },
  );
  ledger.hooks[p.name] = { id: data.id, url: p.url, ...recorded(digest, data) };
  await save();
  return `${p.scope}/${p.name}#${data.id}`;
}
