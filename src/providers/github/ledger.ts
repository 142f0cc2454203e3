/**
 * Where regionsync records what it owns on GitHub: a JSON Actions variable (`REGIONSYNC_*`) in the scope it concerns
 * (the environment for its variables and secrets, the repository or organization for webhooks). GitHub has no
 * description or label on these objects, and a variable is readable by the same credentials that manage them.
 */
import { z } from "zod";
import { ifFound } from "./requests.js";
import type { GitHubClient } from "./session.js";

export type VariableScope =
  | { kind: "repo"; owner: string; repo: string }
  | { kind: "env"; owner: string; repo: string; environment: string }
  | { kind: "org"; org: string };

/** GitHub shows variable names in upper case and compares them case-insensitively. */
export const ENV_LEDGER = "REGIONSYNC_STATE";
export const HOOK_LEDGER = "REGIONSYNC_WEBHOOKS";

/** An environment's ledger: the variables regionsync wrote, and per secret a salted digest and GitHub's `updated_at`. */
export const envLedgerSchema = z.object({
  variables: z.array(z.string()).default([]),
  secrets: z.record(z.string(), z.object({ digest: z.string(), updated_at: z.string() })).default({}),
});
export type EnvLedger = z.output<typeof envLedgerSchema>;

/** A repository's or organization's webhook ledger: declaration name → hook. */
export const hookLedgerSchema = z.object({
  hooks: z
    .record(
      z.string(),
      z.object({
        /** Null while a create is pending: written before the hook, so a crash cannot orphan it. */
        id: z.number().nullable(),
        url: z.string(),
        secret: z.string().optional(),
        /** The hook's `updated_at` after regionsync's last write: a later one means someone else wrote it. */
        updated_at: z.string().optional(),
      }),
    )
    .default({}),
});
export type HookLedger = z.output<typeof hookLedgerSchema>;

/** A ledger's text as its schema reads it; undefined when absent, not JSON, or of another shape. */
export function parseLedger<T>(text: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/** The variable requests of one scope: GitHub has the same three per repository, environment and organization. */
function variablesOf(client: GitHubClient, scope: VariableScope) {
  const actions = client.rest.actions;
  if (scope.kind === "repo") {
    const at = { owner: scope.owner, repo: scope.repo };
    return {
      get: (name: string) => actions.getRepoVariable({ ...at, name }),
      update: (name: string, value: string) => actions.updateRepoVariable({ ...at, name, value }),
      create: (name: string, value: string) => actions.createRepoVariable({ ...at, name, value }),
    };
  }
  if (scope.kind === "env") {
    const at = { owner: scope.owner, repo: scope.repo, environment_name: scope.environment };
    return {
      get: (name: string) => actions.getEnvironmentVariable({ ...at, name }),
      update: (name: string, value: string) => actions.updateEnvironmentVariable({ ...at, name, value }),
      create: (name: string, value: string) => actions.createEnvironmentVariable({ ...at, name, value }),
    };
  }
  return {
    get: (name: string) => actions.getOrgVariable({ org: scope.org, name }),
    update: (name: string, value: string) => actions.updateOrgVariable({ org: scope.org, name, value }),
    create: (name: string, value: string) =>
      actions.createOrgVariable({ org: scope.org, name, value, visibility: "private" }),
  };
}

/**
 * Writes an Actions variable, creating it when it does not exist. A caller that has just listed the variables says
 * whether it `exists`, which saves a request that would fail.
 */
export async function putVariable(
  client: GitHubClient,
  scope: VariableScope,
  name: string,
  value: string,
  exists?: boolean,
): Promise<void> {
  const variables = variablesOf(client, scope);
  if (exists !== false && (await ifFound(() => variables.update(name, value)))) return;
  // A create that failed ambiguously may have made the variable: then it only needs its value.
  await client.createOnce<unknown>(
    () => variables.create(name, value),
    async () => ((await ifFound(() => variables.get(name))) ? variables.update(name, value) : undefined),
  );
}

/** The ledger in `scope`, or undefined when it does not exist or cannot be read as its schema. */
export async function readLedger<T>(
  client: GitHubClient,
  scope: VariableScope,
  name: string,
  schema: z.ZodType<T>,
): Promise<T | undefined> {
  const found = await ifFound(() => variablesOf(client, scope).get(name));
  return parseLedger(found?.data.value, schema);
}

export function writeLedger(client: GitHubClient, scope: VariableScope, name: string, value: unknown): Promise<void> {
  return putVariable(client, scope, name, JSON.stringify(value));
}
