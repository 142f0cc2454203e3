/**
 * Deployment environments per region: protection settings, variables and secrets. What regionsync wrote is recorded
 * in the environment's ledger variable (`REGIONSYNC_STATE`): the variable and secret names it owns and, per secret, a
 * salted digest of the value and the `updated_at` GitHub gave it. Names not in the ledger are never touched.
 */
import { z } from "zod";
import type { Change, FieldDiff, Instance, KindDefinition } from "../../core/types.js";
import { basisOf, stableJson } from "./digest.js";
import type { ObservedEnvironment, ObservedReviewer } from "./state.js";

const variableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "letters, digits and '_', not starting with a digit")
  .refine((n) => !/^(GITHUB_|REGIONSYNC_)/i.test(n), "GITHUB_ is GitHub's prefix and REGIONSYNC_ regionsync's");

const reviewer = z.union([
  z.strictObject({ type: z.literal("Team"), slug: z.string().min(1) }),
  z.strictObject({ type: z.literal("User"), login: z.string().min(1) }),
]);

export const environmentSchema = z.strictObject({
  repository: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "OWNER/REPO")
    .describe("The repository holding the environment."),
  wait_timer: z.int().min(0).max(43_200).optional().describe("Minutes to wait before a deployment proceeds."),
  prevent_self_review: z.boolean().optional(),
  reviewers: z.array(reviewer).max(6).optional().describe("Required reviewers (teams by slug, users by login)."),
  deployment_branch_policy: z
    .strictObject({ protected_branches: z.boolean(), custom_branch_policies: z.boolean() })
    .nullable()
    .optional()
    .describe("null: any branch may deploy."),
  variables: z.record(variableName, z.string().max(48 * 1024)).default({}),
  secrets: z
    .record(variableName, z.strictObject({ value_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) }))
    .default({})
    .describe("Secrets sealed with the repository's public key; values come from environment variables."),
});

export type EnvironmentSpec = z.output<typeof environmentSchema> & { name: string };

export const environmentsKind: KindDefinition<EnvironmentSpec> = {
  key: "environments",
  kind: "environment",
  description: "A deployment environment with its protection settings, variables and secrets.",
  schema: environmentSchema as unknown as z.ZodType<EnvironmentSpec>,
  sharing: "one",
  identity: (i) => `${i.spec.repository}/${i.spec.name}`,
};

export const environmentKey = (repository: string, name: string) => `${repository}/${name}`;

/** What apply needs; secret values are absent, only the names of the variables holding them. */
export interface EnvironmentPayload {
  repository: string;
  environment: string;
  settings?: Pick<EnvironmentSpec, "wait_timer" | "prevent_self_review" | "reviewers" | "deployment_branch_policy">;
  variables?: Record<string, string>;
  secrets?: Record<string, string>;
  deleteVariables?: string[];
  deleteSecrets?: string[];
  deleteEnvironment?: boolean;
}

function reviewerKey(r: { type: string; slug?: string; login?: string }): string {
  return `${r.type}:${(r.slug ?? r.login ?? "").toLowerCase()}`;
}

function settingsDiffs(spec: EnvironmentSpec, env: ObservedEnvironment | undefined): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  const exists = env?.exists === true;
  const push = (path: string, before: unknown, after: unknown) => {
    if (after === undefined) return;
    if (exists && stableJson(before) === stableJson(after)) return;
    diffs.push(exists ? { path, op: "change", before, after } : { path, op: "add", after });
  };
  push("wait_timer", env?.waitTimer, spec.wait_timer);
  push("prevent_self_review", env?.preventSelfReview, spec.prevent_self_review);
  push(
    "reviewers",
    env?.reviewers.map(reviewerKey).sort(),
    spec.reviewers?.map((r) => reviewerKey(r as ObservedReviewer & { login?: string })).sort(),
  );
  push("deployment_branch_policy", env?.branchPolicy, spec.deployment_branch_policy);
  return diffs;
}

function upper(record: Record<string, unknown>): string[] {
  return Object.keys(record).map((k) => k.toUpperCase());
}

/** Create or update for one declared environment, plus deletes of owned variables and secrets no longer declared. */
export function planEnvironment(
  instance: Instance<EnvironmentSpec>,
  observed: ObservedEnvironment | undefined,
): Change[] {
  const spec = instance.spec;
  const exists = observed?.exists === true;
  const diffs = settingsDiffs(spec, observed);
  // The environment is written only when it is new or its protection differs: a PUT is a write like any other.
  const writeSettings = !exists || diffs.length > 0;
  const variables: Record<string, string> = {};
  for (const [rawName, value] of Object.entries(spec.variables)) {
    const name = rawName.toUpperCase();
    const before = observed?.variables[name];
    if (before === value) continue;
    variables[name] = value;
    diffs.push(
      before === undefined
        ? { path: `variables.${name}`, op: "add", after: value }
        : { path: `variables.${name}`, op: "change", before, after: value },
    );
  }
  const secrets: Record<string, string> = {};
  for (const [rawName, { value_env }] of Object.entries(spec.secrets)) {
    const name = rawName.toUpperCase();
    const seen = observed?.secrets[name];
    if (seen?.exists && seen.upToDate !== false) continue;
    secrets[name] = value_env;
    diffs.push({ path: `secrets.${name}`, op: seen?.exists ? "change" : "add", sensitive: true });
  }

  const base = {
    provider: "github",
    account: instance.account,
    kind: "environment",
    name: `${spec.repository}/${spec.name}`,
    declarations: [instance.declaration],
    regions: instance.region ? [instance.region] : [],
    policy: instance.policy,
    target: `github/environment/${spec.repository}/${spec.name}`,
    basis: basisOf(observed ?? { absent: environmentKey(spec.repository, spec.name) }),
  };
  const changes: Change[] = [];
  // An unowned environment is adopted by writing the ledger, even when nothing else differs.
  if (diffs.length > 0 || !observed?.owned) {
    const payload: EnvironmentPayload = {
      repository: spec.repository,
      environment: spec.name,
      ...(writeSettings
        ? {
            settings: {
              wait_timer: spec.wait_timer,
              prevent_self_review: spec.prevent_self_review,
              reviewers: spec.reviewers,
              deployment_branch_policy: spec.deployment_branch_policy,
            },
          }
        : {}),
      variables,
      secrets,
    };
    if (!observed?.owned && exists && diffs.length === 0)
      diffs.push({ path: "ownership", op: "add", after: "regionsync" });
    changes.push({
      ...base,
      id: `github/environment/${spec.repository}/${spec.name}/${exists ? "update" : "create"}`,
      action: exists ? "update" : "create",
      diffs,
      payload,
    });
  }

  if (observed?.exists) {
    const declaredVars = new Set(upper(spec.variables));
    const declaredSecrets = new Set(upper(spec.secrets));
    const staleVars = observed.ownedVariables.filter((n) => !declaredVars.has(n) && n in observed.variables);
    const staleSecrets = observed.ownedSecrets.filter((n) => !declaredSecrets.has(n) && observed.secrets[n]?.exists);
    if (staleVars.length + staleSecrets.length > 0) {
      const payload: EnvironmentPayload = {
        repository: spec.repository,
        environment: spec.name,
        deleteVariables: staleVars,
        deleteSecrets: staleSecrets,
      };
      changes.push({
        ...base,
        id: `github/environment/${spec.repository}/${spec.name}/delete-entries`,
        action: "delete",
        deleteCount: staleVars.length + staleSecrets.length,
        diffs: [
          ...staleVars.map((n) => ({ path: `variables.${n}`, op: "remove" as const, before: observed.variables[n] })),
          ...staleSecrets.map((n) => ({ path: `secrets.${n}`, op: "remove" as const, sensitive: true })),
        ],
        payload,
      });
    }
  }
  return changes;
}

/**
 * Deletes of environments regionsync owns that no declaration names any more. Deleting an environment deletes
 * everything in it, so one that also holds variables or secrets made by hand becomes a manual change instead.
 */
export function planEnvironmentDeletes(
  observed: ObservedEnvironment[],
  declared: Set<string>,
  account: string,
  webUrl: string,
): Change[] {
  return observed
    .filter((e) => e.exists && e.owned && !declared.has(environmentKey(e.repository, e.name)))
    .map((e): Change => {
      const base = {
        id: `github/environment/${e.repository}/${e.name}/delete`,
        provider: "github",
        account,
        kind: "environment",
        name: `${e.repository}/${e.name}`,
        declarations: [],
        regions: [],
        policy: "manage" as const,
        target: `github/environment/${e.repository}/${e.name}`,
        basis: basisOf(e),
      };
      const handMade = [
        ...Object.keys(e.variables).filter((n) => !e.ownedVariables.includes(n)),
        ...Object.keys(e.secrets).filter((n) => !e.ownedSecrets.includes(n)),
      ];
      if (handMade.length > 0) {
        const page = `${webUrl}/${e.repository}/settings/environments`;
        return {
          ...base,
          action: "manual",
          diffs: [],
          instructions: {
            summary: `Environment ${e.name} is no longer declared, but it holds ${handMade.join(", ")}, which regionsync did not create`,
            url: page,
            steps: [
              `If nothing uses it any more, delete the environment at ${page}.`,
              "Otherwise declare it again in desired-state.yaml, or delete those entries so regionsync can remove it.",
            ],
          },
        };
      }
      return {
        ...base,
        action: "delete",
        deleteCount: 1,
        diffs: [{ path: "environment", op: "remove", before: e.name }],
        payload: {
          repository: e.repository,
          environment: e.name,
          deleteEnvironment: true,
        } satisfies EnvironmentPayload,
      };
    });
}
