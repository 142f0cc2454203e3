/**
 * Import benchmark (issue 12): `regionsync import` as users run it, a child process timed from spawn to exit whose
 * peak RSS GNU time reads (bench/support/cli.ts), against emulators in this process with 40 ms of latency per request;
 * any write to a vendor fails the run.
 * 1. Auth0: a tenant of 1,000 applications serving `us` and `eu` (each with both regions' URLs and a staging URL).
 *    Minimum: the token and ceil(1,000 / 100) = 10 listing pages.
 * 2. Datadog: an org of 10,000 monitors (2,500 templates × 4 regions), paging 4 PagerDuty services. Minimum:
 *    floor(10,000 / 1,000) + 1 = 11 listing pages (Datadog's listing has no total, so the last page is an empty one),
 *    one listing each of Opsgenie services and notification rules, and one lookup per PagerDuty service, which
 *    Datadog cannot list.
 * Run: `npx tsc -p . && node dist/bench/import.js [runs]`.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAuth0Emulator } from "../emulators/auth0/index.js";
import type { Emulator } from "../emulators/common/server.js";
import { DatadogOrg, startDatadogEmulator } from "../emulators/datadog/index.js";
import { OPERATOR_ENV } from "../src/core/operator-env.js";
import { expectExit, runCli } from "./support/cli.js";

const runs = Number(process.argv[2] ?? 3);
const LATENCY_MS = 40;
const REGIONS = ["us", "eu", "ap", "sa"];

interface Sample {
  wallMs: number;
  rssMb: number;
  requests: number;
  declarations: number;
}

async function measure(file: string, env: Record<string, string>, emulators: Emulator[]): Promise<Sample> {
  for (const e of emulators) e.resetLog();
  const out = join(await mkdtemp(join(tmpdir(), "regionsync-bench-")), "imported.yaml");
  const run = expectExit(await runCli(["import", "-f", file, "--out", out, "--log-level", "error"], env), 0, "import");
  const declarations = Number(/^Imported (\d+)/.exec(run.stdout)?.[1] ?? 0);
  const requests = emulators.reduce((n, e) => n + e.requests.length, 0);
  const writes = emulators.flatMap((e) => e.writes());
  if (writes.length > 0) throw new Error(`import wrote to a vendor: ${writes[0]!.method} ${writes[0]!.path}`);
  return { wallMs: run.wallMs, rssMb: run.rssMb, requests, declarations };
}

async function auth0Workload() {
  const clients = Array.from({ length: 1000 }, (_, i) => ({
    name: `app-${String(i).padStart(4, "0")}`,
    callbacks: [
      `https://app.example.com/a${i}/callback`,
      `https://eu.example.com/a${i}/callback`,
      `https://staging.example.com/a${i}/callback`,
    ],
    allowed_logout_urls: [`https://app.example.com/a${i}/`, `https://eu.example.com/a${i}/`],
    web_origins: ["https://app.example.com", "https://eu.example.com"],
  }));
  const emu = await startAuth0Emulator({ clients, latencyMs: LATENCY_MS });
  const text = `version: 1
regions:
  us: { hosts: [app.example.com], cloud_region: us-east-1 }
  eu: { hosts: [eu.example.com], cloud_region: eu-west-1 }
accounts:
  auth0: { provider: auth0, domain: example.us.auth0.com, client_id_env: AUTH0_CLIENT_ID, client_secret_env: AUTH0_CLIENT_SECRET, endpoint: "${emu.url}" }
`;
  const env = {
    AUTH0_CLIENT_ID: "bench-client",
    AUTH0_CLIENT_SECRET: "bench-secret",
    [OPERATOR_ENV.allowedEndpoints]: emu.url,
  };
  return { text, env, emulators: [emu as Emulator], close: () => emu.close(), minimum: 11 };
}

async function datadogWorkload() {
  const org = new DatadogOrg();
  REGIONS.forEach((r, i) => {
    for (let n = 0; n < 2500; n++) {
      org.seedMonitor({
        name: `[${r}] svc-${n} p99 latency`,
        type: "query alert",
        query: `avg(last_10m):p99:trace.http.request{service:svc-${n},region:region-${i + 1}} > 2`,
        message: `p99 of svc-${n} in ${r} is {{value}}s.\n@pagerduty-Platform-${r} @slack-oncall-${r}`,
        tags: [`service:svc-${n}`, `region:region-${i + 1}`, "team:platform"],
        options: { thresholds: { critical: 2 } },
      });
    }
    org.pagerduty.set(`Platform-${r}`, { service_name: `Platform-${r}`, service_key: `key-${r}` });
  });
  const dd = await startDatadogEmulator({ org, latencyMs: LATENCY_MS });
  const regions = REGIONS.map(
    (r, i) =>
      `  ${r}: { hosts: [${r}.example.com], cloud_region: region-${i + 1}, paging: ["@pagerduty-Platform-${r}", "@slack-oncall-${r}"] }`,
  );
  const text = `version: 1
regions:
${regions.join("\n")}
accounts:
  datadog: { provider: datadog, site: datadoghq.com, api_key_env: DD_API_KEY, app_key_env: DD_APP_KEY, endpoint: "${dd.url}" }
`;
  const env = { DD_API_KEY: "bench-api-key", DD_APP_KEY: "bench-app-key", [OPERATOR_ENV.allowedEndpoints]: dd.url };
  return { text, env, emulators: [dd.server], close: () => dd.close(), minimum: 11 + 2 + REGIONS.length };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const rows: string[] = [];
for (const [label, make] of [
  ["Auth0: `import` of a tenant of 1,000 applications over `us` and `eu`", auth0Workload],
  ["Datadog: `import` of an org of 10,000 monitors (2,500 templates × 4 regions)", datadogWorkload],
] as const) {
  const workload = await make();
  const file = join(await mkdtemp(join(tmpdir(), "regionsync-bench-")), "desired-state.yaml");
  await writeFile(file, workload.text);
  try {
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) samples.push(await measure(file, workload.env, workload.emulators));
    const requests = [...new Set(samples.map((s) => s.requests))].join("–");
    const rss = samples.map((s) => s.rssMb);
    rows.push(
      `| ${label} | ${requests} (${workload.minimum}) | ${(median(samples.map((s) => s.wallMs)) / 1000).toFixed(1)} s | ${Math.min(...rss).toFixed(0)}–${Math.max(...rss).toFixed(0)} MB | ${samples[0]!.declarations} declarations |`,
    );
  } finally {
    await workload.close();
  }
}
console.log(
  `| workload (${runs} runs, ${LATENCY_MS} ms per request) | requests (minimum) | wall, median | peak memory | written |`,
);
console.log("|---|---|---|---|---|");
for (const row of rows) console.log(row);
