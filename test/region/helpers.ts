/**
 * The sample company's vendors as emulators (every Auth0 tenant, Datadog org and the GitHub organization, the new
 * region's included), its desired-state.yaml pointed at them, and the real CLI commands run in-process, with GitHub's
 * waits cut to milliseconds. Snapshots of every emulator's state show what a run changed.
 */
import { readFile, writeFile } from "node:fs/promises";
import { parse, parseDocument } from "yaml";
import type { Auth0Emulator, Tenant } from "../../emulators/auth0/index.js";
import { startSandbox as startTenant } from "../../emulators/auth0/sandbox.js";
import { startDatadogEmulator } from "../../emulators/datadog/index.js";
import type { DatadogOrg } from "../../emulators/datadog/org.js";
import { seedSampleOrg as seedDatadog } from "../../emulators/datadog/sandbox.js";
import { startGitHubEmulator } from "../../emulators/github/index.js";
import type { GitHubOrg } from "../../emulators/github/org.js";
import { seedSampleOrg as seedGitHub } from "../../emulators/github/sandbox.js";
import { applyCommand } from "../../src/cli/commands/apply.js";
import { planCommand } from "../../src/cli/commands/plan.js";
import { regionCommand } from "../../src/cli/commands/region.js";
import { type Context, createContext } from "../../src/cli/context.js";
import { parseInvocation } from "../../src/cli/parse.js";
import type { Provider } from "../../src/core/kind.js";
import { providers as registry } from "../../src/providers/registry.js";
import { capturingIo, rootFile, tempDir } from "../cli/helpers.js";
import { provider as fastGitHub } from "../github/helpers.js";

export const providers = new Map<string, Provider>([...registry, ["github", fastGitHub as Provider]]);

/**
 * Every variable the file names (`*_env: NAME`, `${region.name}` filled in, for ap too) with the sandbox's dummy
 * value, so the seeded US secrets read as in sync.
 */
export async function envFor(file: string): Promise<NodeJS.ProcessEnv> {
  const text = await readFile(file, "utf8");
  // The region a test is about to add has its variables set already, as an operator would before `region add`.
  const regions = new Set([...Object.keys((parse(text) as { regions: Record<string, unknown> }).regions), "ap"]);
  const env: NodeJS.ProcessEnv = {};
  for (const [, name] of text.matchAll(/_env:\s*"?([A-Za-z_][A-Za-z0-9_]*(?:\$\{region\.name\}[A-Za-z0-9_]*)?)/g)) {
    for (const region of regions) {
      const filled = name!.replaceAll("${region.name}", region);
      env[filled] = `sandbox-${filled.toLowerCase().replace(/_/g, "-")}`;
    }
  }
  // The test is the operator of its emulators: it allows the endpoints the file points at.
  env.REGIONSYNC_ALLOWED_ENDPOINTS = [...text.matchAll(/endpoint: (http:\/\/127\.0\.0\.1:\d+)/g)]
    .map((m) => m[1])
    .join(",");
  return env;
}

export interface Vendors {
  auth0: Record<string, Auth0Emulator>;
  datadog: Record<string, { url: string; org: DatadogOrg }>;
  github: { url: string; org: GitHubOrg };
  close(): Promise<void>;
}

export async function startVendors(): Promise<Vendors> {
  const closers: Array<() => Promise<void>> = [];
  const auth0: Vendors["auth0"] = {};
  for (const name of ["auth0-us", "auth0-eu", "auth0-ap"]) {
    auth0[name] = await startTenant({ name });
    closers.push(() => auth0[name]!.close());
  }
  const datadog: Vendors["datadog"] = {};
  for (const name of ["datadog-us", "datadog-eu", "datadog-ap"]) {
    const org = seedDatadog(name);
    const emulator = await startDatadogEmulator({ org });
    datadog[name] = { url: emulator.url, org };
    closers.push(() => emulator.close());
  }
  const org = await seedGitHub();
  const gh = await startGitHubEmulator({ org });
  closers.push(() => gh.close());
  return {
    auth0,
    datadog,
    github: { url: gh.url, org },
    close: async () => void (await Promise.all(closers.map((c) => c()))),
  };
}

/** The root desired-state.yaml in a temporary folder, its accounts pointed at the emulators. */
export async function sampleFile(vendors: Vendors): Promise<string> {
  const doc = parseDocument(await readFile(rootFile, "utf8"));
  for (const [name, t] of Object.entries(vendors.auth0))
    if (doc.hasIn(["accounts", name])) doc.setIn(["accounts", name, "endpoint"], t.url);
  for (const [name, o] of Object.entries(vendors.datadog))
    if (doc.hasIn(["accounts", name])) doc.setIn(["accounts", name, "endpoint"], o.url);
  doc.setIn(["accounts", "github", "endpoint"], vendors.github.url);
  const file = `${await tempDir()}/desired-state.yaml`;
  await writeFile(file, doc.toString());
  return file;
}

const commands: Record<string, (ctx: Context) => Promise<number>> = {
  plan: planCommand,
  apply: applyCommand,
  region: regionCommand,
};

/** Runs a command as `regionsync ARGS -f FILE` would, with the fast providers, capturing what it prints. */
export async function run(
  file: string,
  args: string[],
  opts: { tty?: boolean; answer?: string; logLevel?: string } = {},
) {
  const { io, printed } = capturingIo(opts);
  const argv = [...args, "-f", file, ...(opts.logLevel ? ["--log-level", opts.logLevel] : [])];
  const invocation = parseInvocation(argv);
  if ("error" in invocation) throw new Error(invocation.error);
  const ctx = createContext(io, await envFor(file), invocation, providers);
  const code = await commands[invocation.command!]!(ctx);
  return { code, ...printed() };
}

/** Every emulator's state as JSON, maps as objects, so two snapshots compare byte for byte. */
export function snapshot(vendors: Vendors): Record<string, unknown> {
  const plain = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value, (_k, v) => (v instanceof Map ? Object.fromEntries(v) : v)));
  const tenant = (t: Tenant) => plain(t.clients);
  const org = vendors.github.org;
  return plain({
    auth0: Object.fromEntries(Object.entries(vendors.auth0).map(([n, t]) => [n, tenant(t.tenant)])),
    datadog: Object.fromEntries(
      Object.entries(vendors.datadog).map(([n, { org: o }]) => [
        n,
        {
          monitors: o.monitors,
          pagerduty: o.pagerduty,
          opsgenie: o.opsgenie,
          rules: o.rules,
          ipAllowlist: o.ipAllowlist,
        },
      ]),
    ),
    github: {
      // A repository's files as its default branch has them; its git history only grows.
      repos: new Map(
        [...org.repos].map(([key, { branches: _b, commits: _c, ...repo }]) => [
          key,
          { ...repo, files: org.filesOf(org.repo(repo.owner, repo.name)!, repo.default_branch) },
        ]),
      ),
      orgHooks: org.orgHooks,
      orgVariables: org.orgVariables,
      apps: org.apps,
      ipAllowList: org.ipAllowList,
    },
  }) as Record<string, unknown>;
}
