/**
 * Read-only checks of planned changes, so what would fail half-way through apply shows in the plan instead: reviewers
 * that do not exist, and secret values missing from the environment.
 */
import type { Change, Diagnostic } from "../../core/types.js";
import type { EnvironmentPayload } from "./environments.js";
import { isStatus, splitRepository } from "./ledger.js";
import type { GitHubSession } from "./session.js";
import type { WebhookPayload } from "./webhooks.js";

async function exists(request: () => Promise<unknown>): Promise<boolean> {
  try {
    await request();
    return true;
  } catch (error) {
    if (isStatus(error, 404)) return false;
    throw error;
  }
}

export async function preflight(session: GitHubSession, changes: Change[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const gh = session.client;
  const missingEnv = (change: Change, name: string, what: string) =>
    out.push({
      severity: "error",
      message: `${change.name}: environment variable ${name} (${what}) is not set, so apply cannot write it`,
      hint: `set ${name} where regionsync runs`,
      change: change.id,
    });
  for (const change of changes) {
    if (change.kind === "environment" && change.action !== "delete") {
      const p = change.payload as EnvironmentPayload | undefined;
      for (const [secret, envName] of Object.entries(p?.secrets ?? {})) {
        if (session.env[envName] === undefined) missingEnv(change, envName, `secret ${secret}`);
      }
      const { owner } = splitRepository(p?.repository ?? "/");
      for (const r of p?.settings?.reviewers ?? []) {
        const found =
          r.type === "Team"
            ? await exists(() => gh.rest.teams.getByName({ org: owner, team_slug: r.slug }))
            : await exists(() => gh.rest.users.getByUsername({ username: r.login }));
        if (!found) {
          out.push({
            severity: "error",
            message: `${change.name}: reviewer ${r.type === "Team" ? `team ${owner}/${r.slug}` : `user ${r.login}`} does not exist or is not visible`,
            hint: "check the slug or login; teams are looked up in the repository owner's organization",
            change: change.id,
          });
        }
      }
    }
    if (change.kind === "webhook" && change.action !== "delete") {
      const p = change.payload as WebhookPayload | undefined;
      if (p?.secret_env && session.env[p.secret_env] === undefined) missingEnv(change, p.secret_env, "webhook secret");
    }
  }
  return out;
}
