/** Reading environments, their variables and secrets, and the ledger that records what regionsync owns there. */
import type { KindObservation } from "../../core/kind.js";
import { bindRef, type Inputs, noInputs } from "../../core/outputs.js";
import type { Diagnostic, Instance } from "../../core/types.js";
import { code } from "./codes.js";
import type { EnvironmentSpec } from "./environments-schema.js";
import { ENV_LEDGER, envLedgerSchema, parseLedger, readLedger } from "./ledger.js";
import { isStatus, splitRepository } from "./requests.js";
import { secretMatches } from "./secret-digest.js";
import type { GitHubClient, GitHubSession } from "./session.js";

export interface ObservedReviewer {
  type: "User" | "Team";
  /** A user's login or a team's slug. */
  slug: string;
}

export interface BranchPolicy {
  protected_branches: boolean;
  custom_branch_policies: boolean;
}

export interface ObservedSecret {
  exists: boolean;
  /**
   * The desired value is what regionsync last wrote (its digest in the ledger matches) and nobody has written the
   * secret since (its `updated_at` is the one recorded). Null when the desired value is not available to compare.
   */
  upToDate: boolean | null;
}

export interface ObservedEnvironment {
  repository: string;
  name: string;
  exists: boolean;
  /** regionsync's ledger variable is present: regionsync created or adopted it and may delete it. */
  owned: boolean;
  waitTimer: number;
  preventSelfReview: boolean;
  reviewers: ObservedReviewer[];
  branchPolicy: BranchPolicy | null;
  /** Variables other than the ledger, by upper-case name. */
  variables: Record<string, string>;
  secrets: Record<string, ObservedSecret>;
  /** Names regionsync wrote and therefore owns. */
  ownedVariables: string[];
  ownedSecrets: string[];
}

export interface EnvironmentState {
  /** Where settings pages live, for manual instructions. */
  webUrl: string;
  /** By `OWNER/REPO/ENVIRONMENT`, including owned environments no longer declared. */
  environments: Record<string, ObservedEnvironment>;
  /** Repositories (`OWNER/REPO`) that could not be read: nothing is planned for them. */
  unreadable: string[];
}

export const environmentKey = (repository: string, name: string) => `${repository}/${name}`;

export type ApiEnvironment = Awaited<ReturnType<GitHubClient["rest"]["repos"]["getEnvironment"]>>["data"];

export function settingsOf(env: ApiEnvironment) {
  let waitTimer = 0;
  let preventSelfReview = false;
  const reviewers: ObservedReviewer[] = [];
  for (const rule of env.protection_rules ?? []) {
    if ("wait_timer" in rule && typeof rule.wait_timer === "number") waitTimer = rule.wait_timer;
    if ("reviewers" in rule) {
      preventSelfReview = Boolean((rule as { prevent_self_review?: boolean }).prevent_self_review);
      for (const r of rule.reviewers ?? []) {
        const who = r.reviewer as { login?: string; slug?: string } | undefined;
        if (r.type === "User" || r.type === "Team")
          reviewers.push({ type: r.type, slug: who?.login ?? who?.slug ?? "" });
      }
    }
  }
  const policy = env.deployment_branch_policy ?? null;
  return {
    waitTimer,
    preventSelfReview,
    reviewers,
    branchPolicy: policy
      ? { protected_branches: policy.protected_branches, custom_branch_policies: policy.custom_branch_policies }
      : null,
  };
}

async function observeOne(
  session: GitHubSession,
  repository: string,
  env: ApiEnvironment,
  desired: Instance<EnvironmentSpec> | undefined,
  diagnostics: Diagnostic[],
  inputs: Inputs,
): Promise<ObservedEnvironment> {
  const { owner, repo } = splitRepository(repository);
  const gh = session.client;
  const environment_name = env.name;
  const vars = await gh.paginate(gh.rest.actions.listEnvironmentVariables, {
    owner,
    repo,
    environment_name,
    per_page: 30,
  });
  const secrets = await gh.paginate(gh.rest.actions.listEnvironmentSecrets, {
    owner,
    repo,
    environment_name,
    per_page: 100,
  });
  const variables: Record<string, string> = {};
  let ledgerText: string | undefined;
  for (const v of vars) {
    if (v.name.toUpperCase() === ENV_LEDGER) ledgerText = v.value;
    else variables[v.name.toUpperCase()] = v.value;
  }
  const ledger = parseLedger(ledgerText, envLedgerSchema);
  const observedSecrets: ObservedEnvironment["secrets"] = {};
  for (const s of secrets) observedSecrets[s.name.toUpperCase()] = { exists: true, upToDate: null };
  for (const [rawName, source] of Object.entries(desired?.spec.secrets ?? {})) {
    const name = rawName.toUpperCase();
    const seen = observedSecrets[name];
    if (!seen) continue;
    const record = ledger?.secrets[name];
    const updatedAt = secrets.find((s) => s.name.toUpperCase() === name)?.updated_at;
    if (!("value_env" in source)) {
      // Another declaration's output: unknown while its object is to be created, so the secret is written then.
      const input = inputs.get(bindRef(source, desired?.region ?? null));
      if (input.known) {
        seen.upToDate =
          record !== undefined && record.updated_at === updatedAt && (await secretMatches(input.value, record.digest));
      } else if (!input.failed) seen.upToDate = false;
      continue;
    }
    const { value_env } = source;
    const value = session.env[value_env];
    if (value === undefined) {
      diagnostics.push({
        severity: "warning",
        code: code("secret-not-comparable"),
        message: `secret ${name} of ${repository}/${environment_name} cannot be compared: environment variable ${value_env} is not set`,
        hint: `set ${value_env} where regionsync runs`,
        instance: desired?.id,
      });
    } else {
      seen.upToDate =
        record !== undefined && record.updated_at === updatedAt && (await secretMatches(value, record.digest));
    }
  }
  return {
    repository,
    name: environment_name,
    exists: true,
    owned: ledger !== undefined,
    ...settingsOf(env),
    variables,
    secrets: observedSecrets,
    ownedVariables: (ledger?.variables ?? []).map((n) => n.toUpperCase()),
    ownedSecrets: Object.keys(ledger?.secrets ?? {}).map((n) => n.toUpperCase()),
  };
}

/**
 * Every environment of each repository the instances name: the declared ones, and the owned ones that are no longer
 * declared (so they can be deleted). Repositories that cannot be read are listed as `unreadable`, so nothing is
 * planned for them.
 */
export async function observeEnvironments(
  session: GitHubSession,
  instances: Instance<EnvironmentSpec>[],
  inputs: Inputs = noInputs,
): Promise<KindObservation<EnvironmentState>> {
  const environments: Record<string, ObservedEnvironment> = {};
  const unreadable: string[] = [];
  const diagnostics: Diagnostic[] = [];
  // Secrets from other declarations' outputs are compared below: their values must have been read first.
  if (instances.some((i) => i.references?.length)) await inputs.ready();
  for (const repository of new Set(instances.map((i) => i.spec.repository))) {
    const { owner, repo } = splitRepository(repository);
    let envs: ApiEnvironment[];
    try {
      envs = (await session.client.paginate(session.client.rest.repos.getAllEnvironments, {
        owner,
        repo,
        per_page: 100,
      })) as ApiEnvironment[];
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
      diagnostics.push({
        severity: "error",
        code: code("repository-unreadable"),
        message: `repository ${repository} was not found, or the credentials cannot see it`,
        hint: "check the name and that the token or GitHub App installation has access to it",
      });
      unreadable.push(repository);
      continue;
    }
    for (const env of envs) {
      const desired = instances.find((i) => i.spec.repository === repository && i.spec.name === env.name);
      // An undeclared environment matters only if regionsync owns it (to delete it): one read of its ledger says so.
      if (!desired) {
        const scope = { kind: "env", owner, repo, environment: env.name } as const;
        if ((await readLedger(session.client, scope, ENV_LEDGER, envLedgerSchema)) === undefined) continue;
      }
      environments[environmentKey(repository, env.name)] = await observeOne(
        session,
        repository,
        env,
        desired,
        diagnostics,
        inputs,
      );
    }
  }
  return {
    state: { webUrl: session.webUrl, environments, unreadable },
    owned: Object.values(environments).filter((e) => e.owned).length,
    diagnostics,
  };
}
