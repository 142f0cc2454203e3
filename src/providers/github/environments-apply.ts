/** Writing environments, their variables and secrets, and the ledger that records what regionsync owns there. */
import { type BoundRef, type Inputs, noInputs, refLabel } from "../../core/outputs.js";
import { type ApiEnvironment, environmentKey, settingsOf } from "./environments-observe.js";
import type { EnvironmentPayload, EnvironmentSpec } from "./environments-schema.js";
import {
  ENV_LEDGER,
  envLedgerSchema,
  parseLedger,
  putVariable,
  readLedger,
  type VariableScope,
  writeLedger,
} from "./ledger.js";
import { deleteIfPresent, isStatus, splitRepository } from "./requests.js";
import { digestSecret } from "./secret-digest.js";
import type { GitHubClient, GitHubSession } from "./session.js";

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

/** Writes the protection, keeping what the payload leaves undeclared as it is now. */
async function writeSettings(
  gh: GitHubClient,
  p: EnvironmentPayload,
  s: NonNullable<EnvironmentPayload["settings"]>,
): Promise<void> {
  const { owner, repo } = splitRepository(p.repository);
  const environment_name = p.environment;
  let current: ApiEnvironment | undefined;
  try {
    current = (await gh.rest.repos.getEnvironment({ owner, repo, environment_name })).data;
  } catch (error) {
    if (!isStatus(error, 404)) throw error;
  }
  const now = current ? settingsOf(current) : undefined;
  const reviewers = await resolveReviewers(gh, owner, s.reviewers);
  await gh.rest.repos.createOrUpdateEnvironment({
    owner,
    repo,
    environment_name,
    wait_timer: s.wait_timer ?? now?.waitTimer,
    prevent_self_review: s.prevent_self_review ?? now?.preventSelfReview,
    // Unmanaged reviewers are left alone: omitting the field keeps them.
    ...(reviewers ? { reviewers } : {}),
    deployment_branch_policy: s.deployment_branch_policy !== undefined ? s.deployment_branch_policy : now?.branchPolicy,
  });
}

/**
 * Variables and secrets regionsync did not write, read right before deleting the environment: deleting it deletes
 * them, and GitHub has no conditional delete, so a person's entry added after the plan must stop the delete here.
 */
async function handMadeEntries(
  gh: GitHubClient,
  at: { owner: string; repo: string; environment_name: string },
): Promise<string[]> {
  let variables: Array<{ name: string; value: string }>;
  let secrets: Array<{ name: string }>;
  try {
    variables = await gh.paginate(gh.rest.actions.listEnvironmentVariables, { ...at, per_page: 30 });
    secrets = await gh.paginate(gh.rest.actions.listEnvironmentSecrets, { ...at, per_page: 100 });
  } catch (error) {
    if (isStatus(error, 404)) return [];
    throw error;
  }
  const ledger = parseLedger(variables.find((v) => v.name.toUpperCase() === ENV_LEDGER)?.value, envLedgerSchema);
  const ownedVariables = new Set(ledger?.variables.map((n) => n.toUpperCase()));
  const ownedSecrets = new Set(Object.keys(ledger?.secrets ?? {}).map((n) => n.toUpperCase()));
  return [
    ...variables.map((v) => v.name.toUpperCase()).filter((n) => n !== ENV_LEDGER && !ownedVariables.has(n)),
    ...secrets.map((s) => s.name.toUpperCase()).filter((n) => !ownedSecrets.has(n)),
  ];
}

/**
 * Applies one environment change. Re-reads the environment and ledger first, so it merges into current state. Values
 * from other declarations' outputs (a client id, a client secret) are resolved here, never earlier.
 */
export async function applyEnvironment(
  session: GitHubSession,
  p: EnvironmentPayload,
  inputs: Inputs = noInputs,
): Promise<string> {
  const gh = session.client;
  const { owner, repo } = splitRepository(p.repository);
  const environment_name = p.environment;
  const at = { owner, repo, environment_name };
  const scope: VariableScope = { kind: "env", owner, repo, environment: environment_name };
  const ref = environmentKey(p.repository, environment_name);

  if (p.deleteEnvironment) {
    const added = await handMadeEntries(gh, at);
    if (added.length > 0) {
      throw new Error(
        `${ref} was not deleted: it now holds ${added.join(", ")}, which regionsync did not create (added since the plan). Plan again.`,
      );
    }
    await deleteIfPresent(() => gh.rest.repos.deleteAnEnvironment(at));
    return ref;
  }

  // Secret values are read before any write, so a missing one fails the change before it half-applies.
  const secretValues: Record<string, string> = {};
  for (const [name, envName] of Object.entries(p.secrets ?? {})) {
    const value = session.env[envName];
    if (value === undefined) throw new Error(`environment variable ${envName} (secret ${name}) is not set`);
    secretValues[name] = value;
  }
  const resolve = (ref: BoundRef, what: string) => {
    const input = inputs.get(ref);
    if (!input.known)
      throw new Error(`${what}: ${refLabel(ref)} is not available${input.failed ? `: ${input.failed}` : ""}`);
    return input.value;
  };
  for (const [name, ref] of Object.entries(p.secretsFrom ?? {})) secretValues[name] = resolve(ref, `secret ${name}`);
  const variableValues = Object.fromEntries(
    Object.entries(p.variables ?? {}).map(([name, v]) => [
      name,
      typeof v === "string" ? v : resolve(v, `variable ${name}`),
    ]),
  );

  if (p.settings) await writeSettings(gh, p, p.settings);

  const ledger = (await readLedger(gh, scope, ENV_LEDGER, envLedgerSchema)) ?? { variables: [], secrets: {} };
  const existing = new Set(
    (await gh.paginate(gh.rest.actions.listEnvironmentVariables, { ...at, per_page: 30 })).map((v) =>
      v.name.toUpperCase(),
    ),
  );
  for (const [name, value] of Object.entries(variableValues)) {
    await putVariable(gh, scope, name, value, existing.has(name));
    if (!ledger.variables.includes(name)) ledger.variables.push(name);
  }
  if (Object.keys(secretValues).length > 0) {
    const { data: key } = await gh.rest.actions.getEnvironmentPublicKey(at);
    for (const [name, value] of Object.entries(secretValues)) {
      await gh.rest.actions.createOrUpdateEnvironmentSecret({
        ...at,
        secret_name: name,
        encrypted_value: await session.seal(value, key.key),
        key_id: key.key_id,
      });
      const { data: written } = await gh.rest.actions.getEnvironmentSecret({ ...at, secret_name: name });
      ledger.secrets[name] = { digest: await digestSecret(value), updated_at: written.updated_at };
    }
  }
  for (const name of p.deleteVariables ?? []) {
    await deleteIfPresent(() => gh.rest.actions.deleteEnvironmentVariable({ ...at, name }));
    ledger.variables = ledger.variables.filter((n) => n.toUpperCase() !== name);
  }
  for (const name of p.deleteSecrets ?? []) {
    await deleteIfPresent(() => gh.rest.actions.deleteEnvironmentSecret({ ...at, secret_name: name }));
    delete ledger.secrets[name];
  }
  await writeLedger(gh, scope, ENV_LEDGER, ledger);
  return ref;
}
