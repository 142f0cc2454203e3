/**
 * Datadog in the fault matrix: the sample company's US org, live in `us` (owned monitors, a PagerDuty service made by
 * hand, hand-made monitors, one with the name of one of regionsync's), taking the `eu` region as well: paging services
 * and notification rules to create (bookkept in the ledger), monitors to create, and an owned monitor to update.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseDocument } from "yaml";
import type { EmulatorRequest } from "../../../emulators/common/server.js";
import { type DatadogEmulator, startDatadogEmulator } from "../../../emulators/datadog/index.js";
import type { Json } from "../../../emulators/datadog/org.js";
import { seedSampleOrg } from "../../../emulators/datadog/sandbox.js";
import { OPERATOR_ENV } from "../../../src/core/operator-env.js";
import { rootFile } from "../../cli/helpers.js";
import type { FaultTarget, World } from "../target.js";

const OWNER = "managed-by:regionsync";
const ERROR_RATE_US = "[us] API error rate is high";

/** The root desired-state.yaml's Datadog part, both regions in the US org, one monitor's priority changed. */
async function desired(url: string): Promise<string> {
  const doc = parseDocument(await readFile(rootFile, "utf8"));
  for (const region of ["us", "eu"]) {
    doc.deleteIn(["regions", region, "accounts", "auth0"]);
    doc.setIn(["regions", region, "accounts", "datadog"], "datadog-us");
  }
  for (const account of ["auth0-us", "auth0-eu", "datadog-eu", "github"]) doc.deleteIn(["accounts", account]);
  for (const provider of ["auth0", "github"]) doc.deleteIn(["resources", provider]);
  doc.setIn(["accounts", "datadog-us", "endpoint"], url);
  doc.setIn(["resources", "datadog", "monitors", 0, "priority"], 3);
  return doc.toString();
}

const emulators = new WeakMap<World, DatadogEmulator>();
const orgOf = (world: World) => emulators.get(world)!.org;
const monitors = (world: World) => [...orgOf(world).monitors.values()];
const owned = (m: Json) => (m.tags as string[]).includes(OWNER);
const errorRateUs = (world: World) => monitors(world).find((m) => m.name === ERROR_RATE_US && owned(m))!;
const options = (m: Json) => m.options as Record<string, unknown>;

const status = (code: number, reason: string, headers?: Record<string, string>) =>
  ({ kind: "status", status: code, body: { errors: [reason] }, ...(headers ? { headers } : {}) }) as const;

export const datadogTarget: FaultTarget = {
  vendor: "datadog",
  async start(dir) {
    const dd = await startDatadogEmulator({ org: seedSampleOrg("datadog-us") });
    const file = join(dir, "desired-state.yaml");
    await writeFile(file, await desired(dd.url));
    const world: World = {
      file,
      env: {
        DD_US_API_KEY: "faults-api-key-0001",
        DD_US_APP_KEY: "faults-app-key-0001",
        PAGERDUTY_KEY_us: "faults-pd-key-us-aaaaaaaa",
        PAGERDUTY_KEY_eu: "faults-pd-key-eu-bbbbbbbb",
        [OPERATOR_ENV.allowedEndpoints]: dd.url,
        // A killed run's claim counts as abandoned after twice this: the rerun waits that long, not a minute.
        REGIONSYNC_REQUEST_TIMEOUT_MS: "3000",
      },
      server: dd.server,
      inventory: () => [
        ...monitors(world).map((m) => `monitor ${String(m.name)} ${owned(m) ? "(regionsync)" : "(by hand)"}`),
        ...[...orgOf(world).pagerduty.keys()].map((name) => `pagerduty ${name}`),
        ...[...orgOf(world).opsgenie.values()].map((s) => `opsgenie ${s.name}`),
        ...[...orgOf(world).rules.values()].map((r) => `rule ${String(r.attributes.name)}`),
      ],
      unowned: () => monitors(world).filter((m) => !owned(m)),
      close: () => dd.close(),
    };
    emulators.set(world, dd);
    return world;
  },
  read: (r) => r.method === "GET" && r.path === "/api/v1/monitor",
  write: (r) => r.method !== "GET" && !r.path.endsWith("/validate"),
  // The create Datadog would keep twice: a notification rule.
  create: (r) => r.method === "POST" && r.path === "/api/v2/monitor/notification_rule",
  update: (r: EmulatorRequest) => r.method === "PUT" && /^\/api\/v1\/monitor\/\d+$/.test(r.path),
  faults: {
    rateLimited: () =>
      status(429, "Too many requests", {
        "x-ratelimit-limit": "100",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-period": "10",
        "x-ratelimit-reset": "1",
      }),
    serverError: status(503, "Service Unavailable"),
    unauthorized: status(403, "Forbidden"),
    refusal: status(400, "The value provided for parameter 'query' is invalid"),
  },
  personEdit(world) {
    const monitor = errorRateUs(world);
    monitor.options = { ...options(monitor), renotify_interval: 30 };
    monitor.modified = new Date().toISOString();
  },
  editSurvived: (world) => options(errorRateUs(world)).renotify_interval === 30,
  killAfter: [9, 11],
  deviations: [
    {
      cells: ["hang"],
      outcome: "reported",
      reason:
        "Datadog would keep a second notification rule, and after a timeout it may still be making the first: the " +
        "create is not sent again in that run, and the next run finds the rule by the run's claim",
    },
  ],
};
