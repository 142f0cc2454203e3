/**
 * Datadog benchmark (issue 4). The emulator runs in a child process, so the peak memory measured is regionsync's.
 * 1. plan: an org of 10,000 monitors, 800 of them managed (200 templates × 4 regions, in sync), 40 ms latency per
 *    request: requests used against the minimum, wall time, peak memory.
 * 2. apply: 400 monitors to create (100 more templates × 4 regions) under a fixed window of 100 requests per 10 s:
 *    wall time against the floor (requests ÷ rate).
 * Run: `npx tsc -p . && node dist/bench/datadog.js` (`--quick` for a smaller apply).
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadDesiredStateText } from "../src/config/index.js";
import { DEFAULT_REQUEST_TIMEOUT_MS, type Provider } from "../src/core/kind.js";
import { Redactor, silentLogger } from "../src/core/log.js";
import type { Instance } from "../src/core/types.js";
import { datadogProvider } from "../src/providers/datadog/index.js";
import { desiredMonitor, type MonitorSpec } from "../src/providers/datadog/monitors-spec.js";
import { applyRun, planRun, SessionPool } from "../src/reconciler/index.js";

const LATENCY_MS = 40;
const RATE = { limit: 100, periodSeconds: 10 };
const REGIONS = ["us", "eu", "ap", "sa"];
const MANAGED_TEMPLATES = 200;
const NEW_TEMPLATES = process.argv.includes("--quick") ? 25 : 100;
const ORG_SIZE = 10_000;

type Message =
  | { seed: Array<Record<string, unknown>> }
  | { rateLimit: typeof RATE | null }
  | { resetLog: true }
  | { stats: true };

/** The child: an emulated org answering over IPC about what it saw. */
async function emulatorProcess(): Promise<void> {
  const { startDatadogEmulator } = await import("../emulators/datadog/index.js");
  const dd = await startDatadogEmulator({ latencyMs: LATENCY_MS });
  process.send?.({ url: dd.url });
  process.on("message", (m: Message) => {
    if ("seed" in m) for (const body of m.seed) dd.org.seedMonitor(body);
    if ("rateLimit" in m) dd.server.setRateLimit(m.rateLimit ?? undefined);
    if ("resetLog" in m) dd.server.resetLog();
    const requests = dd.server.requests;
    process.send?.({
      requests: requests.length,
      limited: requests.filter((r) => r.status === 429).length,
      writes: dd.server.writes().length,
      monitors: dd.org.monitors.size,
    });
  });
  process.on("disconnect", () => void dd.close().then(() => process.exit(0)));
}

interface Stats {
  requests: number;
  limited: number;
  writes: number;
  monitors: number;
}

function startChild() {
  const child = fork(fileURLToPath(import.meta.url), ["--emulator"], { stdio: "inherit" });
  const replies: Array<(v: unknown) => void> = [];
  child.on("message", (m) => replies.shift()?.(m));
  const next = <T>() => new Promise<T>((resolve) => replies.push(resolve as (v: unknown) => void));
  const ask = (m: Message) => {
    const reply = next<Stats>();
    child.send(m);
    return reply;
  };
  return { child, ready: next<{ url: string }>(), ask };
}

function desiredYaml(url: string, templates: number): string {
  const regions = Object.fromEntries(
    REGIONS.map((r, i) => [
      r,
      {
        hosts: [`${r}.example.com`],
        cloud_region: `region-${i + 1}`,
        paging: [`@pagerduty-Platform-${r}`, `@slack-oncall-${r}`],
        accounts: { datadog: "datadog" },
      },
    ]),
  );
  const monitors = Array.from({ length: templates }, (_, i) => ({
    name: `[\${region.name}] Service ${i} error rate`,
    regions: REGIONS,
    type: "query alert",
    query: `sum(last_5m):sum:trace.http.request.errors{service:s${i},region:\${region.cloud_region}}.as_count() > 50`,
    message: `Errors on service ${i} in \${region.name}: {{value}}.\n\${region.paging}`,
    tags: [`service:s${i}`, "team:platform", "region:${region.cloud_region}"],
    priority: 3,
    options: { thresholds: { critical: 50 }, notify_no_data: false },
  }));
  return JSON.stringify({
    version: 1,
    regions,
    accounts: {
      datadog: {
        provider: "datadog",
        site: "datadoghq.com",
        api_key_env: "DD_API",
        app_key_env: "DD_APP",
        endpoint: url,
      },
    },
    resources: { datadog: { monitors } },
  });
}

const providers: ReadonlyMap<string, Provider> = new Map([["datadog", datadogProvider as Provider]]);
const env = { DD_API: "bench-api-key", DD_APP: "bench-app-key" };
const mb = () => Math.round(process.resourceUsage().maxRSS / 1024);

function load(url: string, templates: number) {
  const { state, diagnostics } = loadDesiredStateText(desiredYaml(url, templates), "bench.yaml", providers);
  if (!state) throw new Error(diagnostics.map((d) => d.message).join("; "));
  return state;
}

/** What regionsync would have created for these instances, as hand-seeded owned monitors. */
function ownedBodies(instances: Instance[]) {
  return instances.map((i) => {
    const spec = i.spec as MonitorSpec & { name: string };
    return { ...desiredMonitor(spec, { ...i, name: spec.name }) };
  });
}

function handMade(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    name: `Hand-made monitor ${i}`,
    type: "query alert",
    query: `avg(last_10m):avg:system.load.1{host:h${i}} > 4`,
    message: `Load on h${i} is high. @slack-infra`,
    tags: [`team:t${i % 40}`, "env:prod"],
    options: { thresholds: { critical: 4 } },
  }));
}

async function main(): Promise<void> {
  const { child, ready, ask } = startChild();
  const { url } = await ready;
  const managed = load(url, MANAGED_TEMPLATES);
  await ask({ seed: ownedBodies(managed.instances) });
  const org = await ask({ seed: handMade(ORG_SIZE - managed.instances.length) });
  await ask({ resetLog: true });

  const pool = new SessionPool(providers, env, silentLogger, {
    secrets: new Redactor(),
    requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
  });
  const opts = { providers, env, logger: silentLogger };
  let start = performance.now();
  const steady = await planRun(managed, opts, pool);
  const planMs = performance.now() - start;
  const planStats = await ask({ stats: true });
  const minimum = Math.ceil((managed.instances.length + 1) / 1000);
  const planPeak = mb();
  if (steady.changes.length !== 0) throw new Error(`steady plan has ${steady.changes.length} changes`);

  const grown = load(url, MANAGED_TEMPLATES + NEW_TEMPLATES);
  await ask({ resetLog: true });
  start = performance.now();
  const toCreate = await planRun(grown, opts, pool);
  const growMs = performance.now() - start;
  const growStats = await ask({ stats: true });
  const creates = toCreate.changes.filter((c) => c.action === "create").length;
  await ask({ rateLimit: RATE });
  await ask({ resetLog: true });
  start = performance.now();
  const applied = await applyRun(toCreate, grown.accounts, pool, { concurrency: 16, logger: silentLogger });
  const applyMs = performance.now() - start;
  const applyStats = await ask({ stats: true });
  await pool.close();
  child.disconnect();
  if (!applied.ok) throw new Error("apply failed");

  const floorMs = (applyStats.requests / (RATE.limit / RATE.periodSeconds)) * 1000;
  const lines = [
    `plan, ${org.monitors} monitors (${managed.instances.length} managed), ${LATENCY_MS} ms latency:`,
    `  requests ${planStats.requests} (minimum ${minimum}), writes ${planStats.writes}, wall ${planMs.toFixed(0)} ms, peak RSS ${planPeak} MB`,
    `plan with ${creates} to create (looks for hand-made namesakes in the whole org, validates each):`,
    `  requests ${growStats.requests} (1 owned page + ${Math.ceil((ORG_SIZE + 1) / 1000)} org pages + ${creates} validations), writes ${growStats.writes}, wall ${growMs.toFixed(0)} ms`,
    `apply, ${creates} creates under ${RATE.limit} requests / ${RATE.periodSeconds} s:`,
    `  requests ${applyStats.requests} (${applyStats.limited} answered 429), wall ${(applyMs / 1000).toFixed(1)} s, floor ${(floorMs / 1000).toFixed(1)} s, ratio ${(applyMs / floorMs).toFixed(2)}`,
    `peak RSS of the whole run ${mb()} MB`,
  ];
  console.log(lines.join("\n"));
}

if (process.argv.includes("--emulator")) await emulatorProcess();
else await main();
