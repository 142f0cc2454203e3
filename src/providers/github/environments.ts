/**
 * Deployment environments per region: protection settings, variables and secrets. What regionsync wrote is recorded
 * in the environment's ledger variable (`REGIONSYNC_STATE`): the variable and secret names it owns and, per secret, a
 * salted digest of the value and the `updated_at` GitHub gave it. Names not in the ledger are never touched.
 */
import { z } from "zod";
import type { Kind, TypedChange } from "../../core/kind.js";
import type { Diagnostic } from "../../core/types.js";
import { code } from "./codes.js";
import { applyEnvironment } from "./environments-apply.js";
import { type EnvironmentState, observeEnvironments } from "./environments-observe.js";
import { planEnvironments } from "./environments-plan.js";
import { secretEnvMissing, writes } from "./preflight.js";
import { isStatus, splitRepository } from "./requests.js";
import type { GitHubSession } from "./session.js";
import { declares, type Named } from "./spec.js";

const variableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "letters, digits and '_', not starting with a digit")
  .refine((n) => !/^(GITHUB_|REGIONSYNC_)/i.test(n), "GITHUB_ is GitHub's prefix and REGIONSYNC_ regionsync's");

const reviewer = z.union([
  z.strictObject({ type: z.literal("Team"), slug: z.string().min(1) }),
  z.strictObject({ type: z.literal("User"), login: z.string().min(1) }),
]);

const protection = {
  wait_timer: z.int().min(0).max(43_200).optional().describe("Minutes to wait before a deployment proceeds."),
  prevent_self_review: z.boolean().optional(),
  reviewers: z.array(reviewer).max(6).optional().describe("Required reviewers (teams by slug, users by login)."),
  deployment_branch_policy: z
    .strictObject({ protected_branches: z.boolean(), custom_branch_policies: z.boolean() })
    .nullable()
    .optional()
    .describe("null: any branch may deploy."),
};

export const environmentSchema = z.strictObject({
  repository: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "OWNER/REPO")
    .describe("The repository holding the environment."),
  ...protection,
  variables: z.record(variableName, z.string().max(48 * 1024)).default({}),
  secrets: z
    .record(variableName, z.strictObject({ value_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) }))
    .default({})
    .describe("Secrets sealed with the repository's public key; values come from environment variables."),
});

export type EnvironmentSpec = Named<typeof environmentSchema>;

/** What apply needs; secret values are absent, only the names of the variables holding them. */
export const environmentPayloadSchema = z.strictObject({
  repository: z.string().regex(/^[^/]+\/[^/]+$/),
  environment: z.string().min(1),
  /** Present when the environment is new or its protection differs. */
  settings: z.strictObject(protection).optional(),
  variables: z.record(z.string(), z.string()).optional(),
  /** Secret name → the environment variable holding its value. */
  secrets: z.record(z.string(), z.string()).optional(),
  deleteVariables: z.array(z.string()).optional(),
  deleteSecrets: z.array(z.string()).optional(),
  deleteEnvironment: z.literal(true).optional(),
});

export type EnvironmentPayload = z.output<typeof environmentPayloadSchema>;

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
    for (const [secret, envName] of Object.entries(p.secrets ?? {})) {
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

export const environmentsKind: Kind<EnvironmentSpec, GitHubSession, EnvironmentState, EnvironmentPayload> = {
  key: "environments",
  kind: "environment",
  description: "A deployment environment with its protection settings, variables and secrets.",
  schema: declares(environmentSchema),
  payload: environmentPayloadSchema,
  sharing: "one",
  identity: (i) => `${i.spec.repository}/${i.spec.name}`,
  observe: observeEnvironments,
  plan: planEnvironments,
  preflight,
  apply: async (session, change) => ({ ref: await applyEnvironment(session, change.payload) }),
};
