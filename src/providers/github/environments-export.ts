/**
 * Export of deployment environments for `regionsync import`: per repository one listing of its environments, and per
 * environment one of its variables and one of its secrets (names only: GitHub never returns a value). Each secret is
 * declared with the variable that must hold its value.
 */
import type { ExportContext, ExportedObject, KindExport } from "../../core/kind.js";
import { type ApiEnvironment, settingsOf } from "./environments-observe.js";
import { environmentSchema } from "./environments-schema.js";
import { repositoriesToRead } from "./export-scopes.js";
import { ENV_LEDGER, envLedgerSchema, parseLedger } from "./ledger.js";
import { isStatus, splitRepository } from "./requests.js";
import type { GitHubSession } from "./session.js";

async function exportOne(session: GitHubSession, ctx: ExportContext, repository: string, env: ApiEnvironment) {
  const gh = session.client;
  const at = { ...splitRepository(repository), environment_name: env.name, per_page: 30 };
  const vars = await gh.paginate(gh.rest.actions.listEnvironmentVariables, at);
  const secrets = await gh.paginate(gh.rest.actions.listEnvironmentSecrets, { ...at, per_page: 100 });
  const ledger = parseLedger(vars.find((v) => v.name.toUpperCase() === ENV_LEDGER)?.value, envLedgerSchema);
  const variables = Object.fromEntries(
    vars
      .filter((v) => v.name.toUpperCase() !== ENV_LEDGER)
      .map((v) => [v.name, v.value] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  const secretNames = secrets.map((s) => s.name).sort();
  const { waitTimer, preventSelfReview, reviewers, branchPolicy } = settingsOf(env);
  const spec = {
    repository,
    ...(waitTimer > 0 ? { wait_timer: waitTimer } : {}),
    ...(preventSelfReview ? { prevent_self_review: true } : {}),
    ...(reviewers.length > 0
      ? {
          reviewers: reviewers.map((r) =>
            r.type === "Team" ? { type: r.type, slug: r.slug } : { type: r.type, login: r.slug },
          ),
        }
      : {}),
    ...(branchPolicy ? { deployment_branch_policy: branchPolicy } : {}),
    ...(Object.keys(variables).length > 0 ? { variables } : {}),
    ...(secretNames.length > 0
      ? {
          secrets: Object.fromEntries(
            secretNames.map((n) => [n, { value_env: ctx.valueVariable(`${n}_${env.name}`) }]),
          ),
        }
      : {}),
  };
  const owned =
    ledger !== undefined &&
    Object.keys(variables).every((n) => ledger.variables.includes(n.toUpperCase())) &&
    secretNames.every((n) => n.toUpperCase() in ledger.secrets);
  return { spec, owned };
}

export async function exportEnvironments(session: GitHubSession, ctx: ExportContext): Promise<KindExport> {
  const objects: ExportedObject[] = [];
  const notes: string[] = [];
  for (const repository of repositoriesToRead(ctx)) {
    let envs: ApiEnvironment[];
    try {
      envs = (await session.client.paginate(session.client.rest.repos.getAllEnvironments, {
        ...splitRepository(repository),
        per_page: 100,
      })) as ApiEnvironment[];
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
      notes.push(`repository ${repository} was not found, or the credentials cannot see it`);
      continue;
    }
    for (const env of [...envs].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const { spec, owned } = await exportOne(session, ctx, repository, env);
      const parsed = environmentSchema.safeParse(spec);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        notes.push(`environment ${repository}/${env.name}: not imported, ${issue.path.join(".")}: ${issue.message}`);
        continue;
      }
      objects.push({ name: env.name, object: `${repository}/${env.name}`, spec, owned });
    }
  }
  return { objects, notes };
}
