/**
 * Export of webhooks for `regionsync import`: per repository and organization one listing of its hooks and one read
 * of regionsync's ledger there. A hook regionsync owns keeps its declaration's name; one made by hand is named after
 * its URL. A secret is declared with the variable that must hold it (GitHub shows it as ********).
 */
import type { ExportContext, ExportedObject, KindExport } from "../../core/kind.js";
import { organizationsToRead, repositoriesToRead } from "./export-scopes.js";
import { isStatus } from "./requests.js";
import type { GitHubSession } from "./session.js";
import { listHooks, loadHookLedger, type ObservedHook, pendingHook } from "./webhooks-observe.js";
import { webhookSchema } from "./webhooks-schema.js";

const slug = (text: string) =>
  text
    .replace(/^[a-z]+:\/\//i, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);

/**
 * A name for a hook made by hand (GitHub hooks have none), after its URL: a URL of one region's is named after the
 * rest of it and the region (`audit-github-eu` for `https://audit.eu.example.com/github`), so the regions' hooks fold
 * into one template; any other after its host and path.
 */
export function nameFromUrl(url: string, ctx: Pick<ExportContext, "regionIn">): { name: string; region?: string } {
  const regional = ctx.regionIn(url);
  if (regional)
    return { name: `${slug(regional.rest) || "hook"}-${regional.region.name}`, region: regional.region.name };
  return { name: slug(url) || "hook" };
}

function specOf(scope: string, hook: ObservedHook, name: string, ctx: ExportContext) {
  const [kind, ...rest] = scope.split("/");
  return {
    ...(kind === "orgs" ? { organization: rest[0]! } : { repository: rest.join("/") }),
    url: hook.url,
    events: hook.events,
    ...(hook.contentType !== "json" ? { content_type: hook.contentType } : {}),
    ...(hook.insecureSsl ? { insecure_ssl: true } : {}),
    ...(hook.active ? {} : { active: false }),
    ...(hook.hasSecret ? { secret_env: ctx.valueVariable(`WEBHOOK_SECRET_${name}`) } : {}),
  };
}

export async function exportWebhooks(session: GitHubSession, ctx: ExportContext): Promise<KindExport> {
  const scopes = [
    ...repositoriesToRead(ctx).map((r) => `repos/${r}`),
    ...organizationsToRead(ctx).map((o) => `orgs/${o}`),
  ];
  const objects: ExportedObject[] = [];
  const notes: string[] = [];
  for (const scope of scopes) {
    let hooks: ObservedHook[];
    let owned: Map<number, string>;
    try {
      hooks = [...(await listHooks(session.client, scope))].sort((a, b) => a.id - b.id);
      const ledger = await loadHookLedger(session.client, scope);
      owned = new Map(
        Object.entries(ledger.hooks).flatMap(([name, e]) => {
          const id = e.id ?? pendingHook(hooks, ledger, e.url)?.id;
          return id === undefined ? [] : [[id, name] as const];
        }),
      );
    } catch (error) {
      if (!isStatus(error, 404) && !isStatus(error, 403)) throw error;
      notes.push(`the webhooks of ${scope} cannot be read (needs admin:org_hook or admin:repo_hook)`);
      continue;
    }
    const used = new Set(owned.values());
    for (const hook of hooks) {
      let name = owned.get(hook.id);
      let region: string | undefined;
      if (!name) {
        ({ name, region } = nameFromUrl(hook.url, ctx));
        if (used.has(name)) name = `${name}-${hook.id}`;
        used.add(name);
      }
      const spec = specOf(scope, hook, name, ctx);
      const parsed = webhookSchema.safeParse(spec);
      if (!parsed.success) {
        notes.push(`hook ${hook.id} of ${scope}: not imported, ${parsed.error.issues[0]!.message}`);
        continue;
      }
      objects.push({
        name,
        object: `${scope}#${hook.id}`,
        spec,
        owned: owned.has(hook.id),
        ...(region ? { region } : {}),
      });
    }
  }
  return { objects, notes };
}
