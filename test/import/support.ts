/**
 * What the import round trips check on each vendor: its state with regionsync's ownership records taken out (which is
 * all an adoption may change), and that every write a run sent was one to an ownership record.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Auth0Emulator } from "../../emulators/auth0/index.js";
import type { LoggedRequest } from "../../emulators/common/server.js";
import type { DatadogOrg } from "../../emulators/datadog/index.js";
import type { GitHubOrg } from "../../emulators/github/index.js";
import { OPERATOR_ENV } from "../../src/core/operator-env.js";
import { type CliResult, runCli, tempDir } from "../cli/helpers.js";

/** Auth0: every application, with regionsync's keys of `client_metadata` taken out. */
export function auth0State(emu: Auth0Emulator): unknown {
  return [...emu.tenant.clients.values()].map((c) => ({
    ...c,
    client_metadata: Object.fromEntries(
      Object.entries((c.client_metadata as Record<string, string> | undefined) ?? {}).filter(
        ([k]) => !k.startsWith("regionsync"),
      ),
    ),
  }));
}

/** Auth0: an adoption writes `client_metadata` and, in it, only regionsync's keys. */
export function auth0OwnershipOnly(writes: LoggedRequest[]): string[] {
  return writes.flatMap((w) => {
    const body = (w.body ?? {}) as Record<string, unknown>;
    const meta = (body.client_metadata ?? {}) as Record<string, unknown>;
    const ok =
      w.method === "PATCH" &&
      Object.keys(body).join() === "client_metadata" &&
      Object.keys(meta).every((k) => k.startsWith("regionsync"));
    return ok ? [] : [`${w.method} ${w.path} ${JSON.stringify(w.body)}`];
  });
}

const OWNERSHIP_TAG = /^(managed-by:regionsync|regionsync-(account|source|region|ledger):)/;

/** Datadog: monitors (the ledger left out, ownership tags and the modification time too) and paging targets. */
export function datadogState(org: DatadogOrg): unknown {
  const monitors = [...org.monitors.values()]
    .filter((m) => !((m.tags as string[]) ?? []).includes("regionsync-ledger:v1"))
    .map(({ modified: _modified, ...m }) => ({
      ...m,
      tags: ((m.tags as string[]) ?? []).filter((t) => !OWNERSHIP_TAG.test(t)),
    }));
  return {
    monitors,
    pagerduty: [...org.pagerduty.values()],
    opsgenie: [...org.opsgenie.values()],
    rules: [...org.rules],
  };
}

/**
 * Datadog: an adoption adds tags to a monitor (sending only `tags`), or writes the ledger monitor under the ledger's
 * claim (created before, deleted after: the next delete of a monitor). `writes` is one emulator's log after another.
 */
export function datadogOwnershipOnly(writes: LoggedRequest[]): string[] {
  let claimed = false;
  return writes.flatMap((w) => {
    const body = (w.body ?? {}) as Record<string, unknown>;
    const tags = (body.tags as string[]) ?? [];
    const tagsOnly = w.method === "PUT" && Object.keys(body).join() === "tags";
    const ledger =
      (w.method === "POST" && tags.includes("regionsync-ledger:v1")) ||
      (w.method === "PUT" &&
        Object.keys(body).join() === "message" &&
        String(body.message).includes("regionsync-ledger:"));
    const claim =
      w.method === "POST" && tags.includes("regionsync-claim:v1") && String(body.message).endsWith("claim:ledger");
    const release = claimed && w.method === "DELETE" && /^\/api\/v1\/monitor\/\d+$/.test(w.path);
    if (claim) claimed = true;
    if (release) claimed = false;
    return tagsOnly || ledger || claim || release ? [] : [`${w.method} ${w.path} ${JSON.stringify(w.body)}`];
  });
}

/** GitHub: repositories and the organization, regionsync's ledger variables left out. */
export function githubState(org: GitHubOrg): unknown {
  const variables = (m: Map<string, { name: string }>) =>
    [...m.values()].filter((v) => !v.name.startsWith("REGIONSYNC_"));
  const repos = [...org.repos.values()].map((r) => ({
    hooks: r.hooks,
    variables: variables(r.variables),
    environments: [...r.environments.values()].map((e) => ({
      ...e,
      variables: variables(e.variables),
      secrets: [...e.secrets.values()],
    })),
  }));
  return { repos, hooks: org.orgHooks, variables: variables(org.orgVariables) };
}

/** GitHub: an adoption writes regionsync's ledger variables, nothing else. */
export function githubOwnershipOnly(writes: LoggedRequest[]): string[] {
  return writes.flatMap((w) => {
    const name = String((w.body as { name?: unknown } | undefined)?.name ?? w.path.split("/").pop());
    const ledger = /\/variables(\/|$)/.test(w.path) && name.startsWith("REGIONSYNC_");
    return ledger ? [] : [`${w.method} ${w.path}`];
  });
}

/** A desired-state file in a directory of its own, and the environment that allows its emulators. */
export async function fileWith(text: string, endpoints: string[], env: NodeJS.ProcessEnv = {}) {
  const file = join(await tempDir(), "desired-state.yaml");
  await writeFile(file, text);
  return { file, env: { ...env, [OPERATOR_ENV.allowedEndpoints]: endpoints.join(",") } };
}

export interface Cli {
  import(...args: string[]): Promise<CliResult>;
  plan(...args: string[]): Promise<CliResult>;
  apply(...args: string[]): Promise<CliResult>;
  text(): Promise<string>;
}

/** The CLI on one file, as a person would run it. */
export function cliFor(file: string, env: NodeJS.ProcessEnv): Cli {
  const run = (args: string[]) => runCli([...args, "-f", file, "--log-level", "error"], { env });
  return {
    import: (...args) => run(["import", ...args]),
    plan: (...args) => run(["plan", ...args]),
    apply: (...args) => run(["apply", "--yes", ...args]),
    text: () => readFile(file, "utf8"),
  };
}
