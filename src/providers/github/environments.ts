/**
 * Deployment environments per region: protection settings, variables and secrets. What regionsync wrote is recorded
 * in the environment's ledger variable (`REGIONSYNC_STATE`): the variable and secret names it owns and, per secret, a
 * salted digest of the value and the `updated_at` GitHub gave it. Names not in the ledger are never touched.
 */
import type { Kind, TypedChange } from "../../core/kind.js";
import type { Diagnostic, Instance } from "../../core/types.js";
import { code } from "./codes.js";
import { applyEnvironment } from "./environments-apply.js";
import { exportEnvironments } from "./environments-export.js";
import { type EnvironmentState, observeEnvironments } from "./environments-observe.js";
import { planEnvironments } from "./environments-plan.js";
import {
  type EnvironmentPayload,
  type EnvironmentSpec,
  environmentPayloadSchema,
  environmentSchema,
} from "./environments-schema.js";
import { segmentProblem } from "./names.js";
import { secretEnvMissing, writes } from "./preflight.js";
import { isStatus, splitRepository } from "./requests.js";
import type { GitHubSession } from "./session.js";
import { declares } from "./spec.js";

async function exists(request: () => Promise<unknown>): Promise<boolean> {
  try {
    await request();
    return true;
  } catch (error) {
    if (isStatus(error, 404)) return false;
    throw error;
  }
}

/** Reviewers that do not exist and secret values missing from the environment would fail apply half-way. */
async function preflight(session: GitHubSession, changes: TypedChange<EnvironmentPayload>[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const gh = session.client;
  for (const change of changes.filter(writes)) {
    const p = change.payload;
    for (const [secret, envName] of Object.entries({ ...p.secrets, ...p.adopt?.secrets })) {
      if (session.env[envName] === undefined) out.push(secretEnvMissing(change, envName, `secret ${secret}`));
    }
    const { owner } = splitRepository(p.repository);
    for (const r of p.settings?.reviewers ?? []) {
      const found =
        r.type === "Team"
          ? await exists(() => gh.rest.teams.getByName({ org: owner, team_slug: r.slug }))
          : await exists(() => gh.rest.users.getByUsername({ username: r.login }));
      if (!found) {
        out.push({
          severity: "error",
          code: code("reviewer-missing"),
          message: `${change.name}: reviewer ${r.type === "Team" ? `team ${owner}/${r.slug}` : `user ${r.login}`} does not exist or is not visible`,
          hint: "check the slug or login; teams are looked up in the repository owner's organization",
          change: change.id,
        });
      }
    }
  }
  return out;
}

/** The name is the declaration's own `name`, checked here: it becomes a path segment of every environment request. */
function validateNames(instances: Instance<EnvironmentSpec>[]): Diagnostic[] {
  return instances.flatMap((i): Diagnostic[] => {
    const problem = segmentProblem(i.spec.name);
    if (!problem) return [];
    return [
      {
        severity: "error",
        code: code("unsafe-name"),
        message: `environment name ${problem}: it would be sent as part of a request path`,
        hint: "name the environment with letters, digits, '-', '_' and '.', but not '.' or '..' alone",
        instance: i.id,
        at: i.fieldPositions.name ?? i.at,
      },
    ];
  });
}

/** A secret never goes into a plain variable: variables are readable by anyone who can read the repository. */
function validateEnvironments(instances: Instance<EnvironmentSpec>[]): Diagnostic[] {
  return instances.flatMap((i) =>
    (i.references ?? [])
      .filter((r) => r.sensitive && r.field.startsWith("variables."))
      .map(
        (r): Diagnostic => ({
          severity: "error",
          code: code("secret-in-variable"),
          message: `${r.field}: ${r.ref.from} ${r.ref.output} is a secret, and variables are readable by anyone who can read ${i.spec.repository}`,
          hint: `put it under secrets instead: { from: ${r.ref.from}, output: ${r.ref.output} }`,
          at: i.fieldPositions[r.field] ?? i.at,
          instance: i.id,
        }),
      ),
  );
}

export const environmentsKind: Kind<EnvironmentSpec, GitHubSession, EnvironmentState, EnvironmentPayload> = {
  key: "environments",
  kind: "environment",
  description: "A deployment environment with its protection settings, variables and secrets.",
  schema: declares(environmentSchema),
  payload: environmentPayloadSchema,
  sharing: "one",
  identity: (i) => `${i.spec.repository}/${i.spec.name}`,
  validate: (instances) => [...validateNames(instances), ...validateEnvironments(instances)],
  observe: observeEnvironments,
  plan: planEnvironments,
  preflight,
  apply: async (session, change, inputs) => ({ ref: await applyEnvironment(session, change.payload, inputs) }),
  export: exportEnvironments,
};
