/** Reading and writing environments, their variables and secrets, and the ledger that records what regionsync owns. */
import sodium from "libsodium-wrappers";
import { z } from "zod";
import type { Diagnostic, Instance } from "../../core/types.js";
import type { GitHubClient } from "./client.js";
import { type EnvironmentPayload, type EnvironmentSpec, environmentKey } from "./environments.js";
import { ENV_LEDGER, isStatus, readLedger, splitRepository, type VariableScope, writeLedger } from "./ledger.js";
import { digestSecret, secretMatches } from "./secret-digest.js";
import type { GitHubSession } from "./session.js";
import type { ObservedEnvironment, ObservedReviewer } from "./state.js";

const envLedgerSchema = z.object({
  variables: z.array(z.string()).default([]),
  secrets: z.record(z.string(), z.object({ digest: z.string(), updated_at: z.string() })).default({}),
});
type EnvLedger = z.output<typeof envLedgerSchema>;

function parseLedger(raw: unknown): EnvLedger | undefined {
  const parsed = envLedgerSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

type ApiEnvironment = Awaited<ReturnType<GitHubClient["rest"]["repos"]["getEnvironment"]>>["data"];

function settingsOf(env: ApiEnvironment) {
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
  let ledger: EnvLedger | undefined;
  try {
    ledger = ledgerText === undefined ? undefined : parseLedger(JSON.parse(ledgerText));
  } catch {
    ledger = undefined;
  }
  const observedSecrets: ObservedEnvironment["secrets"] = {};
  for (const s of secrets) observedSecrets[s.name.toUpperCase()] = { exists: true, upToDate: null };
  for (const [rawName, { value_env }] of Object.entries(desired?.spec.secrets ?? {})) {
    const name = rawName.toUpperCase();
    const seen = observedSecrets[name];
    if (!seen) continue;
    const value = session.env[value_env];
    const record = ledger?.secrets[name];
    const updatedAt = secrets.find((s) => s.name.toUpperCase() === name)?.updated_at;
    if (value === undefined) {
      diagnostics.push({
        severity: "warning",
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
 * declared (so they can be deleted). Repositories that cannot be read are returned as `unreadable`, so nothing is
 * planned for them.
 */
export async function observeEnvironments(
  session: GitHubSession,
  instances: Instance<EnvironmentSpec>[],
  diagnostics: Diagnostic[],
): Promise<{ environments: Record<string, ObservedEnvironment>; unreadable: string[] }> {
  const out: Record<string, ObservedEnvironment> = {};
  const unreadable: string[] = [];
  const repositories = [...new Set(instances.map((i) => i.spec.repository))];
  for (const repository of repositories) {
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
        const scope: VariableScope = { kind: "env", owner, repo, environment: env.name };
        if (parseLedger(await readLedger(session.client, scope, ENV_LEDGER)) === undefined) continue;
      }
      out[environmentKey(repository, env.name)] = await observeOne(session, repository, env, desired, diagnostics);
    }
  }
  return { environments: out, unreadable };
}

async function resolveReviewers(client: GitHubClient, owner: string, reviewers: EnvironmentSpec["reviewers"]) {
  if (!reviewers) return undefined;
  const out: Array<{ type: "User" | "Team"; id: number }> = [];
  for (const r of reviewers) {
    if (r.type === "Team") {
      const { data } = await client.rest.teams.getByName({ org: owner, team_slug: r.slug });
      out.push({ type: "Team", id: data.id });
    } else {
      const { data } = await client.rest.users.getByUsername({ username: r.login });
      out.push({ type: "User", id: data.id });
    }
  }
  return out;
}

async function seal(value: string, key: string): Promise<string> {
  await sodium.ready;
  const b64 = sodium.base64_variants.ORIGINAL;
  return sodium.to_base64(sodium.crypto_box_seal(sodium.from_string(value), sodium.from_base64(key, b64)), b64);
}

/** Applies one environment change. Re-reads the environment and ledger first, so it merges into current state. */
export async function applyEnvironment(session: GitHubSession, p: EnvironmentPayload): Promise<string> {
  const gh = session.client;
  const { owner, repo } = splitRepository(p.repository);
  const environment_name = p.environment;
  const scope: VariableScope = { kind: "env", owner, repo, environment: environment_name };

  if (p.deleteEnvironment) {
    try {
      await gh.rest.repos.deleteAnEnvironment({ owner, repo, environment_name });
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
    return `${p.repository}/${environment_name}`;
  }

  // Secret values are read before any write, so a missing one fails the change before it half-applies.
  const secretValues: Record<string, string> = {};
  for (const [name, envName] of Object.entries(p.secrets ?? {})) {
    const value = session.env[envName];
    if (value === undefined) throw new Error(`environment variable ${envName} (secret ${name}) is not set`);
    secretValues[name] = value;
  }

  if (p.settings) {
    let current: ApiEnvironment | undefined;
    try {
      current = (await gh.rest.repos.getEnvironment({ owner, repo, environment_name })).data;
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
    const now = current ? settingsOf(current) : undefined;
    const s = p.settings;
    const reviewers = await resolveReviewers(gh, owner, s.reviewers);
    await gh.rest.repos.createOrUpdateEnvironment({
      owner,
      repo,
      environment_name,
      wait_timer: s.wait_timer ?? now?.waitTimer,
      prevent_self_review: s.prevent_self_review ?? now?.preventSelfReview,
      // Unmanaged reviewers are left alone: omitting the field keeps them.
      ...(reviewers ? { reviewers } : {}),
      deployment_branch_policy:
        s.deployment_branch_policy !== undefined ? s.deployment_branch_policy : now?.branchPolicy,
    });
  }

  const ledger = parseLedger(await readLedger(gh, scope, ENV_LEDGER)) ?? { variables: [], secrets: {} };
  const existing = new Set(
    (await gh.paginate(gh.rest.actions.listEnvironmentVariables, { owner, repo, environment_name, per_page: 30 })).map(
      (v) => v.name.toUpperCase(),
    ),
  );
  for (const [name, value] of Object.entries(p.variables ?? {})) {
    if (existing.has(name))
      await gh.rest.actions.updateEnvironmentVariable({ owner, repo, environment_name, name, value });
    else await gh.rest.actions.createEnvironmentVariable({ owner, repo, environment_name, name, value });
    if (!ledger.variables.includes(name)) ledger.variables.push(name);
  }
  if (Object.keys(secretValues).length > 0) {
    const { data: key } = await gh.rest.actions.getEnvironmentPublicKey({ owner, repo, environment_name });
    for (const [name, value] of Object.entries(secretValues)) {
      await gh.rest.actions.createOrUpdateEnvironmentSecret({
        owner,
        repo,
        environment_name,
        secret_name: name,
        encrypted_value: await seal(value, key.key),
        key_id: key.key_id,
      });
      const { data: written } = await gh.rest.actions.getEnvironmentSecret({
        owner,
        repo,
        environment_name,
        secret_name: name,
      });
      ledger.secrets[name] = { digest: await digestSecret(value), updated_at: written.updated_at };
    }
  }
  for (const name of p.deleteVariables ?? []) {
    try {
      await gh.rest.actions.deleteEnvironmentVariable({ owner, repo, environment_name, name });
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
    ledger.variables = ledger.variables.filter((n) => n.toUpperCase() !== name);
  }
  for (const name of p.deleteSecrets ?? []) {
    try {
      await gh.rest.actions.deleteEnvironmentSecret({ owner, repo, environment_name, secret_name: name });
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
    delete ledger.secrets[name];
  }
  await writeLedger(gh, scope, ENV_LEDGER, ledger);
  return `${p.repository}/${environment_name}`;
}
