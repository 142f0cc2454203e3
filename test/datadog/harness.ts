/**
 * Drives regionsync's real loader and engine, with the Datadog provider and the official SDK, against emulated orgs.
 * Nothing is mocked: the only difference from production is each account's `endpoint`.
 */

import { type Document, parseDocument } from "yaml";
import { type DatadogEmulator, DatadogOrg, startDatadogEmulator } from "../../emulators/datadog/index.js";
import { seedSampleOrg } from "../../emulators/datadog/sandbox.js";
import { loadDesiredStateText } from "../../src/config/index.js";
import type { DesiredState } from "../../src/core/desired-state.js";
import type { Provider } from "../../src/core/kind.js";
import { silentLogger } from "../../src/core/log.js";
import type { Plan } from "../../src/core/plan.js";
import type { Env, Logger } from "../../src/core/types.js";
import { datadogProvider } from "../../src/providers/datadog/index.js";
import { applyRun, planRun, SessionPool } from "../../src/reconciler/index.js";
import { type ConnectOptions, connectOptions } from "../support/connect.js";
import { allowingEndpointsOf } from "../support/operator.js";

export const providers: ReadonlyMap<string, Provider> = new Map([["datadog", datadogProvider as Provider]]);

export const env: Env = {
  DD_US_API_KEY: "us-api-key-0001",
  DD_US_APP_KEY: "us-app-key-0001",
  DD_EU_API_KEY: "eu-api-key-0001",
  DD_EU_APP_KEY: "eu-app-key-0001",
  PAGERDUTY_KEY_us: "pd-us-key-aaaaaaaaaaaaaaaa",
  PAGERDUTY_KEY_eu: "pd-eu-key-bbbbbbbbbbbbbbbb",
};

/** Two regions, two orgs, as in the root desired-state.yaml; `resources` is the `datadog:` section. */
export function desiredState(resources: Record<string, unknown>, regions: string[] = ["us", "eu"]): Document {
  const all = {
    us: {
      hosts: ["app.example.com"],
      cloud_region: "us-east-1",
      paging: ["@pagerduty-Platform-us", "@slack-oncall-us"],
      accounts: { datadog: "datadog-us" },
    },
    eu: {
      hosts: ["eu.example.com"],
      cloud_region: "eu-west-1",
      paging: ["@pagerduty-Platform-eu", "@slack-oncall-eu"],
      accounts: { datadog: "datadog-eu" },
    },
  } as Record<string, unknown>;
  return parseDocument(
    JSON.stringify({
      version: 1,
      regions: Object.fromEntries(regions.map((r) => [r, all[r]])),
      accounts: {
        "datadog-us": {
          provider: "datadog",
          site: "datadoghq.com",
          api_key_env: "DD_US_API_KEY",
          app_key_env: "DD_US_APP_KEY",
        },
        "datadog-eu": {
          provider: "datadog",
          site: "datadoghq.eu",
          api_key_env: "DD_EU_API_KEY",
          app_key_env: "DD_EU_APP_KEY",
        },
      },
      resources: { datadog: resources },
    }),
  );
}

export const errorRateMonitor = {
  name: "[${region.name}] API error rate is high",
  regions: ["us", "eu"],
  type: "query alert",
  query: "sum(last_5m):sum:trace.http.request.errors{service:api,region:${region.cloud_region}}.as_count() > 50",
  message: "Error rate on {{service.name}} in ${region.name} is {{value}}.\n${region.paging}\n",
  tags: ["service:api", "team:platform", "region:${region.cloud_region}"],
  priority: 2,
  options: { thresholds: { critical: 50, warning: 25 }, notify_no_data: false },
};

export const latencyMonitor = {
  name: "[${region.name}] API p99 latency",
  regions: ["us", "eu"],
  type: "metric alert",
  query: "avg(last_10m):p99:trace.http.request{service:api,region:${region.cloud_region}} > 2",
  message: "p99 latency of the API in ${region.name} is {{value}}s.\n${region.paging}",
  tags: ["service:api", "Team:Platform", "region:${region.cloud_region}", "service:api"],
  options: { thresholds: { critical: 2 } },
};

export class Orgs {
  constructor(
    readonly us: DatadogEmulator,
    readonly eu: DatadogEmulator,
  ) {}

  static async start(seed: "empty" | "sample" = "empty"): Promise<Orgs> {
    const org = (account: string) => (seed === "sample" ? seedSampleOrg(account) : new DatadogOrg());
    const [us, eu] = await Promise.all([
      startDatadogEmulator({ org: org("datadog-us") }),
      startDatadogEmulator({ org: org("datadog-eu") }),
    ]);
    return new Orgs(us, eu);
  }

  /** Loads a desired state with each account's endpoint pointed at its emulator. */
  load(doc: Document): DesiredState {
    doc.setIn(["accounts", "datadog-us", "endpoint"], this.us.url);
    doc.setIn(["accounts", "datadog-eu", "endpoint"], this.eu.url);
    const text = doc.toString();
    const { state, diagnostics } = loadDesiredStateText(
      text,
      "desired-state.yaml",
      providers,
      allowingEndpointsOf(text),
    );
    if (!state) throw new Error(`invalid desired state: ${diagnostics.map((d) => d.message).join("; ")}`);
    return state;
  }

  resetLogs(): void {
    this.us.server.resetLog();
    this.eu.server.resetLog();
  }

  writes() {
    return [...this.us.server.writes(), ...this.eu.server.writes()];
  }

  close(): Promise<unknown> {
    return Promise.all([this.us.close(), this.eu.close()]);
  }
}

/** Runs `body` against two fresh, empty orgs, closed afterwards whatever happens. */
export async function withOrgs(body: (orgs: Orgs) => Promise<void>): Promise<void> {
  const orgs = await Orgs.start();
  try {
    await body(orgs);
  } finally {
    await orgs.close();
  }
}

export interface RunOptions {
  allowDelete?: boolean;
  env?: Env;
  logger?: Logger;
  /** The secrets sink and request timeout every session gets; a fresh redactor and the default by default. */
  connect?: Partial<ConnectOptions>;
}

function engine(opts: RunOptions) {
  const logger = opts.logger ?? silentLogger;
  const pool = new SessionPool(providers, opts.env ?? env, logger, connectOptions(opts.connect));
  const options = { providers, env: opts.env ?? env, logger, allowDelete: opts.allowDelete ?? false };
  return { pool, logger, plan: (state: DesiredState) => planRun(state, options, pool) };
}

export async function plan(state: DesiredState, opts: RunOptions = {}): Promise<Plan> {
  const { pool, plan } = engine(opts);
  try {
    return await plan(state);
  } finally {
    await pool.close();
  }
}

/** Applies a plan as `regionsync apply --plan` does, with the environment of `opts`. */
export async function apply(planned: Plan, state: DesiredState, opts: RunOptions = {}) {
  const { pool, logger } = engine(opts);
  try {
    return await applyRun(planned, state.accounts, pool, { concurrency: 8, logger });
  } finally {
    await pool.close();
  }
}

/** Plans and applies what the plan allows, as `regionsync apply` does. */
export async function reconcile(state: DesiredState, opts: RunOptions = {}) {
  const { pool, logger, plan } = engine(opts);
  try {
    const planned = await plan(state);
    const applied = await applyRun(planned, state.accounts, pool, { concurrency: 8, logger });
    return { plan: planned, applied };
  } finally {
    await pool.close();
  }
}
