/**
 * Where regionsync records what it owns on GitHub: a JSON Actions variable (`REGIONSYNC_*`) in the scope it concerns
 * (the environment for its variables and secrets, the repository or organization for webhooks). GitHub has no
 * description or label on these objects, and a variable is readable by the same credentials that manage them.
 */
import type { GitHubClient } from "./client.js";

export type VariableScope =
  | { kind: "repo"; owner: string; repo: string }
  | { kind: "env"; owner: string; repo: string; environment: string }
  | { kind: "org"; org: string };

/** GitHub shows variable names in upper case and compares them case-insensitively. */
export const ENV_LEDGER = "REGIONSYNC_STATE";
export const HOOK_LEDGER = "REGIONSYNC_WEBHOOKS";

export function isStatus(error: unknown, status: number): boolean {
  return typeof error === "object" && error !== null && (error as { status?: unknown }).status === status;
}

export function splitRepository(repository: string): { owner: string; repo: string } {
  const [owner, repo] = repository.split("/");
  return { owner: owner!, repo: repo! };
}

/** The variable's parsed JSON, or undefined when it does not exist. Unparseable content counts as absent. */
export async function readLedger(client: GitHubClient, scope: VariableScope, name: string): Promise<unknown> {
  try {
    const { data } =
      scope.kind === "repo"
        ? await client.rest.actions.getRepoVariable({ owner: scope.owner, repo: scope.repo, name })
        : scope.kind === "env"
          ? await client.rest.actions.getEnvironmentVariable({
              owner: scope.owner,
              repo: scope.repo,
              environment_name: scope.environment,
              name,
            })
          : await client.rest.actions.getOrgVariable({ org: scope.org, name });
    return JSON.parse(data.value) as unknown;
  } catch (error) {
    if (isStatus(error, 404) || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

export async function writeLedger(client: GitHubClient, scope: VariableScope, name: string, value: unknown) {
  const text = JSON.stringify(value);
  try {
    if (scope.kind === "repo") {
      await client.rest.actions.updateRepoVariable({ owner: scope.owner, repo: scope.repo, name, value: text });
    } else if (scope.kind === "env") {
      await client.rest.actions.updateEnvironmentVariable({
        owner: scope.owner,
        repo: scope.repo,
        environment_name: scope.environment,
        name,
        value: text,
      });
    } else {
      await client.rest.actions.updateOrgVariable({ org: scope.org, name, value: text });
    }
    return;
  } catch (error) {
    if (!isStatus(error, 404)) throw error;
  }
  if (scope.kind === "repo") {
    await client.rest.actions.createRepoVariable({ owner: scope.owner, repo: scope.repo, name, value: text });
  } else if (scope.kind === "env") {
    await client.rest.actions.createEnvironmentVariable({
      owner: scope.owner,
      repo: scope.repo,
      environment_name: scope.environment,
      name,
      value: text,
    });
  } else {
    await client.rest.actions.createOrgVariable({ org: scope.org, name, value: text, visibility: "private" });
  }
}
