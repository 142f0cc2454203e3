/**
 * Auth0 benchmark (issue 3). The emulator runs in a child process, so the peak memory measured is regionsync's.
 * Workload: a tenant of 1,000 applications, 200 of them managed, adding `eu` to each (a callback, a logout URL and a
 * web origin), 40 ms of emulator latency per request; then the same run on the converged tenant; then the change
 * again under a rate limit of 15 requests/second with a burst of 50, against the floor that limit sets.
 * Run: `npx tsc -p . && node dist/bench/auth0.js`.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadDesiredStateText } from "../src/config/index.js";
import type { DesiredState } from "../src/core/desired-state.js";
import { DEFAULT_REQUEST_TIMEOUT_MS, type Provider } from "../src/core/kind.js";
import { Redactor, silentLogger } from "../src/core/log.js";
import { auth0Provider } from "../src/providers/auth0/index.js";
import { applyRun, planRun, SessionPool } from "../src/reconciler/index.js";

const LATENCY_MS = 40;
const RATE = { perSecond: 15, burst: 50 };
const TENANT_SIZE = 1000;
const MANAGED = 200;
const DOMAIN = "bench.auth0.test";
/** 1 token + 10 pages of 100 + 200 PATCHes. */
const MINIMUM_REQUESTS = 1 + TENANT_SIZE / 100 + MANAGED;

type Seed = Array<Record<string, unknown> & { name: string }>;
type Message = { seed: Seed } | { rateLimit: typeof RATE | null } | { resetLog: true } | { stats: true };

interface Stats {
  requests: number;
  token: number;
  lists: number;
  patches: number;
  other: number;
  limited: number;
  firstRequestAt: number;
}

/** The child: an emulated tenant answering over IPC about what it saw. */
async function emulatorProcess(): Promise<void> {
  // Imported here only, so the emulator's modules do not count towards regionsync's memory.
  const { startAuth0Emulator } = await import("../emulators/auth0/index.js");
  const emu = await startAuth0Emulator({ domain: DOMAIN, latencyMs: LATENCY_MS });
  let firstRequestAt = 0;
  const originalPush = emu.requests.push.bind(emu.requests);
  emu.requests.push = (...items) => {
    if (firstRequestAt === 0) firstRequestAt = Date.now();
    return originalPush(...items);
  };
  process.send?.({ url: emu.url });
  process.on("message", (m: Message) => {
    if ("seed" in m) {
      for (const id of [...emu.tenant.clients.keys()]) if (!emu.tenant.clients.get(id)!.global) emu.tenant.remove(id);
      for (const client of m.seed) emu.tenant.create(client);
    }
    if ("rateLimit" in m) emu.setRateLimit(m.rateLimit ?? undefined);
    const r = emu.requests;
    const stats: Stats = {
      requests: r.length,
      token: r.filter((x) => x.path === "/oauth/token").length,
      lists: r.filter((x) => x.method === "GET" && x.path === "/api/v2/clients").length,
      patches: r.filter((x) => x.method === "PATCH").length,
      other: r.filter((x) => x.path !== "/oauth/token" && x.path !== "/api/v2/clients" && x.method !== "PATCH").length,
      limited: r.filter((x) => x.status === 429).length,
      firstRequestAt,
    };
    // Stats describe the requests since the last reset, so a reset answers with them first.
    if ("resetLog" in m) {
      emu.resetLog();
      firstRequestAt = 0;
    }
    process.send?.(stats);
  });
  process.on("disconnect", () => void emu.close().then(() => process.exit(0)));
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

const pad = (i: number) => String(i).padStart(3, "0");

/** 200 managed applications live in `us` (plus a URL added by hand), and 800 others. */
function tenant(): Seed {
  const managed = Array.from({ length: MANAGED }, (_, i) => ({
    name: `App ${pad(i)}`,
    callbacks: [`https://app${pad(i)}.us.example.com/callback`, "http://localhost:3000/callback"],
    allowed_logout_urls: [`https://app${pad(i)}.us.example.com/logout`],
    web_origins: [`https://app${pad(i)}.us.example.com`],
    client_metadata: { team: `team-${i % 20}` },
  }));
  const others = Array.from({ length: TENANT_SIZE - MANAGED }, (_, i) => ({
    name: `Other ${pad(i)}`,
    app_type: i % 3 === 0 ? "spa" : "regular_web",
    callbacks: [`https://other${pad(i)}.example.com/callback`],
    web_origins: [`https://other${pad(i)}.example.com`],
  }));
  return [...managed, ...others];
}

function desired(url: string): string {
  const regions = Object.fromEntries(
    ["us", "eu"].map((r, i) => [
      r,
      { hosts: [`${r}.example.com`], cloud_region: `region-${i + 1}`, paging: [], accounts: { auth0: "auth0-bench" } },
    ]),
  );
  const applications = Array.from({ length: MANAGED }, (_, i) => ({
    name: `App ${pad(i)}`,
    regions: ["us", "eu"],
    callbacks: [`https://app${pad(i)}.\${region.name}.example.com/callback`],
    allowed_logout_urls: [`https://app${pad(i)}.\${region.name}.example.com/logout`],
    web_origins: [`https://app${pad(i)}.\${region.name}.example.com`],
  }));
  return JSON.stringify({
    version: 1,
    regions,
    accounts: {
      "auth0-bench": {
        provider: "auth0",
        domain: DOMAIN,
        client_id_env: "AUTH0_CLIENT_ID",
        client_secret_env: "AUTH0_CLIENT_SECRET",
        endpoint: url,
      },
    },
    resources: { auth0: { applications } },
  });
}

const providers: ReadonlyMap<string, Provider> = new Map([["auth0", auth0Provider as Provider]]);
const env = { AUTH0_CLIENT_ID: "bench-client", AUTH0_CLIENT_SECRET: "bench-secret" };
const mb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** One regionsync run as the CLI does it: a fresh session pool, plan, then apply unless dry. */
async function reconcile(state: DesiredState, dry = false) {
  const pool = new SessionPool(providers, env, silentLogger, {
    secrets: new Redactor(),
    requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
  });
  const started = Date.now();
  try {
    const plan = await planRun(state, { providers, env, logger: silentLogger }, pool);
    const planned = Date.now();
    const report = dry
      ? undefined
      : await applyRun(plan, state.accounts, pool, { concurrency: state.settings.concurrency, logger: silentLogger });
    if (report && !report.ok) throw new Error(JSON.stringify(report.results.filter((r) => r.status === "failed")));
    return { plan, started, planMs: planned - started, wallMs: Date.now() - started };
  } finally {
    await pool.close();
  }
}

async function main(): Promise<void> {
  const { child, ready, ask } = startChild();
  const { url } = await ready;
  const { state, diagnostics } = loadDesiredStateText(desired(url), "bench.yaml", providers);
  if (!state) throw new Error(diagnostics.map((d) => d.message).join("; "));
  const seed = tenant();
  const row = (label: string, s: Stats, run: { wallMs: number; started: number }, extra = "") =>
    `| ${label} | ${s.requests} (${s.token} token + ${s.lists} list + ${s.patches} PATCH${s.other ? ` + ${s.other} other` : ""}) | ${(run.wallMs / 1000).toFixed(2)} s | ${s.firstRequestAt ? `${s.firstRequestAt - run.started} ms` : "-"} | ${s.limited} |${extra}`;
  const lines = [
    `Tenant of ${TENANT_SIZE} applications, ${MANAGED} managed, adding eu (3 URLs each); ${LATENCY_MS} ms latency per request; apply concurrency ${state.settings.concurrency}.`,
    "",
    "| run | requests | wall | first request after | 429s |",
    "|---|---|---|---|---|",
  ];

  await ask({ seed });
  await ask({ resetLog: true });
  const dry = await reconcile(state, true);
  lines.push(row("dry run (plan only), change pending", await ask({ resetLog: true }), dry));

  const change = await reconcile(state);
  const changes = change.plan.changes.length;
  lines.push(row(`change (${changes} updates), no rate limit`, await ask({ resetLog: true }), change));

  const converged = await reconcile(state);
  if (converged.plan.changes.length !== 0) throw new Error("the converged tenant still has changes");
  lines.push(row("converged, no rate limit", await ask({ resetLog: true }), converged));

  await ask({ seed });
  await ask({ rateLimit: RATE });
  await ask({ resetLog: true });
  const limited = await reconcile(state);
  const limitedStats = await ask({ resetLog: true });
  const floorMs = ((MINIMUM_REQUESTS - RATE.burst) / RATE.perSecond) * 1000 + LATENCY_MS;
  lines.push(row(`change under ${RATE.perSecond} rps, burst ${RATE.burst}`, limitedStats, limited));
  const convergedLimited = await reconcile(state);
  lines.push(
    row(`converged under ${RATE.perSecond} rps, burst ${RATE.burst}`, await ask({ resetLog: true }), convergedLimited),
  );
  child.disconnect();

  lines.push(
    "",
    `Floor under the limit: (${MINIMUM_REQUESTS} requests − ${RATE.burst} burst) ÷ ${RATE.perSecond} rps + ${LATENCY_MS} ms = ${(floorMs / 1000).toFixed(2)} s; measured ${(limited.wallMs / 1000).toFixed(2)} s = ${(limited.wallMs / floorMs).toFixed(2)}× the floor (target ≤ 1.15×).`,
    `Peak RSS of the regionsync process over all runs: ${mb()} MB (target < 150 MB).`,
  );
  console.log(lines.join("\n"));
}

if (process.argv.includes("--emulator")) await emulatorProcess();
else await main();
