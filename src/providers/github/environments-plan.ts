/** Planning environments: create or update what is declared, delete what regionsync owns and no longer declares. */
import type { ChangeDraft, KindObservation, KindPlan } from "../../core/kind.js";
import { bindRef, type Inputs, noInputs, refLabel } from "../../core/outputs.js";
import type { FieldDiff, Instance } from "../../core/types.js";
import { basisOf, stableJson } from "./digest.js";
import {
  type EnvironmentState,
  environmentKey,
  type ObservedEnvironment,
  type ObservedReviewer,
} from "./environments-observe.js";
import type { EnvironmentPayload, EnvironmentSpec } from "./environments-schema.js";

type Draft = ChangeDraft<EnvironmentPayload>;

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
function planEnvironment(
  instance: Instance<EnvironmentSpec>,
  observed: ObservedEnvironment | undefined,
  inputs: Inputs,
): Draft[] {
  const spec = instance.spec;
  const exists = observed?.exists === true;
  const diffs = settingsDiffs(spec, observed);
  // The environment is written only when it is new or its protection differs: a PUT is a write like any other.
  const writeSettings = !exists || diffs.length > 0;
  const variables: NonNullable<EnvironmentPayload["variables"]> = {};
  for (const [rawName, written] of Object.entries(spec.variables)) {
    const name = rawName.toUpperCase();
    const path = `variables.${name}`;
    const before = observed?.variables[name];
    const ref = typeof written === "string" ? undefined : bindRef(written, instance.region);
    const input = ref && inputs.get(ref);
    // An output that could not be read leaves the variable as it is (the engine reports why).
    if (input && !input.known && input.failed) continue;
    const value = typeof written === "string" ? written : input?.known ? input.value : undefined;
    if (value !== undefined && before === value) continue;
    // A value known only after apply travels as its reference, resolved by apply.
    variables[name] = value ?? ref!;
    const from = ref ? { from: refLabel(ref) } : {};
    const after = value === undefined ? { known_after_apply: true } : { after: value };
    diffs.push(
      before === undefined ? { path, op: "add", ...after, ...from } : { path, op: "change", before, ...after, ...from },
    );
  }
  const secrets: Record<string, string> = {};
  const secretsFrom: NonNullable<EnvironmentPayload["secretsFrom"]> = {};
  for (const [rawName, source] of Object.entries(spec.secrets)) {
    const name = rawName.toUpperCase();
    const seen = observed?.secrets[name];
    if (seen?.exists && seen.upToDate !== false) continue;
    const op = seen?.exists ? "change" : "add";
    if ("value_env" in source) {
      secrets[name] = source.value_env;
      diffs.push({ path: `secrets.${name}`, op, sensitive: true });
    } else {
      const ref = bindRef(source, instance.region);
      const input = inputs.get(ref);
      if (!input.known && input.failed) continue;
      secretsFrom[name] = ref;
      diffs.push({ path: `secrets.${name}`, op, sensitive: true, from: refLabel(ref) });
    }
  }

  // Every change to one environment names it, so they go one after another and a failure skips the rest.
  const object = environmentKey(spec.repository, spec.name);
  const base = {
    object,
    name: object,
    declarations: [instance.declaration],
    regions: instance.region ? [instance.region] : [],
    policy: instance.policy,
    basis: basisOf(observed ?? { absent: object }),
  };
  const changes: Draft[] = [];
  // An unowned environment is adopted by writing the ledger, even when nothing else differs.
  if (diffs.length > 0 || !observed?.owned) {
    if (!observed?.owned && exists && diffs.length === 0)
      diffs.push({ path: "ownership", op: "add", after: "regionsync" });
    changes.push({
      ...base,
      action: exists ? "update" : "create",
      diffs,
      payload: {
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
        ...(Object.keys(secretsFrom).length > 0 ? { secretsFrom } : {}),
      },
    });
  }

  if (observed?.exists) {
    const declaredVars = new Set(upper(spec.variables));
    const declaredSecrets = new Set(upper(spec.secrets));
    const staleVars = observed.ownedVariables.filter((n) => !declaredVars.has(n) && n in observed.variables);
    const staleSecrets = observed.ownedSecrets.filter((n) => !declaredSecrets.has(n) && observed.secrets[n]?.exists);
    if (staleVars.length + staleSecrets.length > 0) {
      changes.push({
        ...base,
        // Never planned beside the environment's own delete, which is for undeclared environments only.
        action: "delete",
        delete_count: staleVars.length + staleSecrets.length,
        delete_unit: "entry",
        diffs: [
          ...staleVars.map((n) => ({ path: `variables.${n}`, op: "remove" as const, before: observed.variables[n] })),
          ...staleSecrets.map((n) => ({ path: `secrets.${n}`, op: "remove" as const, sensitive: true })),
        ],
        payload: {
          repository: spec.repository,
          environment: spec.name,
          deleteVariables: staleVars,
          deleteSecrets: staleSecrets,
        },
      });
    }
  }
  return changes;
}

/**
 * The delete of an environment regionsync owns that no declaration names any more. Deleting an environment deletes
 * everything in it, so one that also holds variables or secrets made by hand becomes a manual change instead.
 */
function planEnvironmentDelete(e: ObservedEnvironment, webUrl: string): Draft {
  const base = {
    object: environmentKey(e.repository, e.name),
    name: environmentKey(e.repository, e.name),
    declarations: [],
    regions: [],
    policy: "manage" as const,
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
    delete_count: 1,
    diffs: [{ path: "environment", op: "remove", before: e.name }],
    payload: { repository: e.repository, environment: e.name, deleteEnvironment: true },
  };
}

/** Nothing is planned in a repository that could not be read: its environments are unknown. */
export function planEnvironments(
  instances: Instance<EnvironmentSpec>[],
  { state }: KindObservation<EnvironmentState>,
  _account: string,
  inputs: Inputs = noInputs,
): KindPlan<EnvironmentPayload> {
  const declared = instances.filter((i) => !state.unreadable.includes(i.spec.repository));
  const declaredKeys = new Set(declared.map((i) => environmentKey(i.spec.repository, i.spec.name)));
  const changes = declared.flatMap((i) =>
    planEnvironment(i, state.environments[environmentKey(i.spec.repository, i.spec.name)], inputs),
  );
  for (const e of Object.values(state.environments)) {
    if (e.exists && e.owned && !declaredKeys.has(environmentKey(e.repository, e.name))) {
      changes.push(planEnvironmentDelete(e, state.webUrl));
    }
  }
  return { changes, diagnostics: [] };
}
