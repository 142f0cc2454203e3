/**
 * The egress story across vendors: the sandbox's GitHub organization and Datadog orgs (US egress published and
 * allowed, EU not), driven by the real loader, engine, providers and SDKs. Only each account's endpoint differs from
 * production.
 */
import { readFileSync } from "node:fs";
import { parse, stringify } from "yaml";
import { type DatadogEmulator, type DatadogOrg, startDatadogEmulator } from "../../emulators/datadog/index.js";
import { seedSampleOrg as seedDatadog } from "../../emulators/datadog/sandbox.js";
import { type GitHubEmulator, startGitHubEmulator } from "../../emulators/github/index.js";
import { seedSampleOrg as seedGitHub } from "../../emulators/github/sandbox.js";
import { loadDesiredStateText } from "../../src/config/index.js";
import type { Provider } from "../../src/core/kind.js";
import { silentLogger } from "../../src/core/log.js";
import type { Plan } from "../../src/core/plan.js";
import { datadogProvider } from "../../src/providers/datadog/index.js";
import { createGitHubProvider } from "../../src/providers/github/index.js";
import { applyRun, planRun, SessionPool } from "../../src/reconciler/index.js";
import { fastPacing } from "../github/helpers.js";
import { connectOptions } from "../support/connect.js";
import { allowingEndpointsOf } from "../support/operator.js";

const providers = new Map<string, Provider>([
  ["github", createGitHubProvider({ pacing: fastPacing }) as Provider],
  ["datadog", datadogProvider as Provider],
]);

const env = {
  REGIONSYNC_GITHUB_TOKEN: "ghp_sandboxtoken0000000000000000000000",
  DD_US_API_KEY: "us-api-key-0001",
  DD_US_APP_KEY: "us-app-key-0001",
  DD_EU_API_KEY: "eu-api-key-0001",
  DD_EU_APP_KEY: "eu-app-key-0001",
};

/** The sample org without regionsync's monitors: this story declares none, so they would be deletes to hold. */
function egressOnly(org: DatadogOrg): DatadogOrg {
  for (const [id, m] of org.monitors)
    if ((m.tags as string[]).includes("managed-by:regionsync")) org.monitors.delete(id);
  return org;
}

export interface EgressDoc {
  regions: Record<string, { accounts?: Record<string, string>; egress?: { ipv4?: string[]; ipv6?: string[] } }>;
  accounts: Record<string, Record<string, unknown>>;
  resources: {
    github: Record<string, Array<Record<string, unknown>>>;
    datadog: Record<string, Array<Record<string, unknown>>>;
  };
}

export class Vendors {
  constructor(
    readonly github: GitHubEmulator,
    readonly us: DatadogEmulator,
    readonly eu: DatadogEmulator,
  ) {}

  static async start(): Promise<Vendors> {
    const [github, us, eu] = await Promise.all([
      seedGitHub().then((org) => startGitHubEmulator({ org })),
      startDatadogEmulator({ org: egressOnly(seedDatadog("datadog-us")) }),
      startDatadogEmulator({ org: egressOnly(seedDatadog("datadog-eu")) }),
    ]);
    return new Vendors(github, us, eu);
  }

  /** The root desired-state.yaml reduced to its egress declarations, pointed at the emulators, then `edit`ed. */
  text(edit?: (doc: EgressDoc) => void): string {
    const doc = parse(readFileSync(new URL("../../../desired-state.yaml", import.meta.url), "utf8")) as EgressDoc;
    for (const region of Object.values(doc.regions)) delete region.accounts?.auth0;
    const { github, "datadog-us": ddUs, "datadog-eu": ddEu } = doc.accounts;
    doc.accounts = {
      github: { ...github, endpoint: this.github.url },
      "datadog-us": { ...ddUs, endpoint: this.us.url },
      "datadog-eu": { ...ddEu, endpoint: this.eu.url },
    };
    doc.resources = {
      github: { ip_allow_list: doc.resources.github.ip_allow_list!, ip_ranges: doc.resources.github.ip_ranges! },
      datadog: { ip_allowlist: doc.resources.datadog.ip_allowlist! },
    };
    edit?.(doc);
    return stringify(doc);
  }

  engine(text: string) {
    const loaded = loadDesiredStateText(text, "desired-state.yaml", providers, allowingEndpointsOf(text));
    if (!loaded.state) throw new Error(JSON.stringify(loaded.diagnostics));
    const state = loaded.state;
    const pool = new SessionPool(providers, env, silentLogger, connectOptions());
    return {
      state,
      diagnostics: loaded.diagnostics,
      plan: (allowDelete = false) => planRun(state, { providers, env, logger: silentLogger, allowDelete }, pool),
      apply: (plan: Plan) => applyRun(plan, state.accounts, pool, { concurrency: 4, logger: silentLogger }),
      close: () => pool.close(),
    };
  }

  /** The published file as the repository holds it now. */
  rangesFile(branch = "main"): string | undefined {
    const repo = this.github.org.repo("example-corp", "ip-ranges")!;
    return this.github.org.filesOf(repo, branch)?.get("ip-ranges.json");
  }

  close(): Promise<unknown> {
    return Promise.all([this.github.close(), this.us.close(), this.eu.close()]);
  }
}

/** Entries of an allowlist as `cidr label` lines, sorted, for comparing what changed. */
export const lines = (entries: Array<{ cidr: string; label: string | null }>) =>
  entries.map((e) => `${e.cidr} ${e.label ?? ""}`).sort();
