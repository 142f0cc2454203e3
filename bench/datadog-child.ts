/** The Datadog benchmark's emulated org, in a child process of its own (`bench/support/child.ts`). */
import { startDatadogEmulator } from "../emulators/datadog/index.js";
import { handMade, LATENCY_MS, type RATE } from "./datadog-workload.js";
import { serveEmulator } from "./support/child.js";

export interface DatadogStats {
  requests: number;
  lists: number;
  validations: number;
  creates: number;
  reads: number;
  updates: number;
  limited: number;
  monitors: number;
  first: number;
  last: number;
  /** When each phase's requests arrived, first to last, in milliseconds since the first request. */
  phases: Record<"lists" | "validations" | "creates", [number, number]>;
}

const dd = await startDatadogEmulator({ latencyMs: LATENCY_MS });

function seed(): number {
  dd.org.monitors.clear();
  for (const body of handMade()) dd.org.seedMonitor(body);
  return dd.org.monitors.size;
}

function stats(): DatadogStats {
  const r = dd.server.requests;
  const monitor = /^\/api\/v1\/monitor\/\d+$/;
  const t0 = r[0]?.at ?? 0;
  const span = (kept: typeof r): [number, number] => [(kept[0]?.at ?? t0) - t0, (kept.at(-1)?.at ?? t0) - t0];
  return {
    requests: r.length,
    lists: r.filter((x) => x.method === "GET" && x.path === "/api/v1/monitor").length,
    validations: r.filter((x) => x.path.endsWith("/validate")).length,
    creates: r.filter((x) => x.method === "POST" && x.path === "/api/v1/monitor").length,
    reads: r.filter((x) => x.method === "GET" && monitor.test(x.path)).length,
    updates: r.filter((x) => x.method === "PUT").length,
    limited: r.filter((x) => x.status === 429).length,
    monitors: dd.org.monitors.size,
    first: r[0]?.at ?? 0,
    last: r.at(-1)?.at ?? 0,
    phases: {
      lists: span(r.filter((x) => x.method === "GET" && x.path === "/api/v1/monitor")),
      validations: span(r.filter((x) => x.path.endsWith("/validate"))),
      creates: span(r.filter((x) => x.method === "POST" && x.path === "/api/v1/monitor")),
    },
  };
}

serveEmulator(
  dd.url,
  {
    seed,
    rateLimit: (rate: typeof RATE | null) => dd.server.setRateLimit(rate ?? undefined),
    stats,
    reset: () => dd.server.resetLog(),
  },
  () => dd.close(),
);
