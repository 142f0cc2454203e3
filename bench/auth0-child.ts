/**
 * The Auth0 benchmark's emulated tenant, in a child process of its own (`bench/support/child.ts`). Besides counting
 * requests, it measures each write's read window: how long before a PATCH of an application arrived, the read that
 * PATCH merged into arrived (a GET of the application, or a page of the listing holding it). A person's edit made
 * earlier than that before the write survives it.
 */
import { startAuth0Emulator } from "../emulators/auth0/index.js";
import type { LoggedRequest } from "../emulators/common/server.js";
import { DOMAIN, LATENCY_MS, type RATE, type Seed } from "./auth0-workload.js";
import { serveEmulator } from "./support/child.js";

export interface Auth0Stats {
  requests: number;
  token: number;
  lists: number;
  gets: number;
  patches: number;
  limited: number;
  /** Arrival of the first and last request, epoch milliseconds. */
  first: number;
  last: number;
  /** Read-to-write windows of the PATCHes, in milliseconds. */
  windows: { max: number; median: number };
}

const emu = await startAuth0Emulator({ domain: DOMAIN, latencyMs: LATENCY_MS });
/** Listing position of each application, as `is_global=false` pages see the tenant. */
let positions = new Map<string, number>();

function seed(clients: Seed): number {
  for (const id of [...emu.tenant.clients.keys()]) if (!emu.tenant.clients.get(id)!.global) emu.tenant.remove(id);
  for (const client of clients) emu.tenant.create(client);
  positions = new Map(
    [...emu.tenant.clients.values()].filter((c) => !c.global).map((c, i) => [c.client_id, i] as const),
  );
  return positions.size;
}

/**
 * For each PATCH, the time since the latest read that covered its application and was answered before the PATCH
 * arrived (arrival plus the emulator's latency), so a read still in flight when the PATCH was sent does not count.
 */
function windows(requests: LoggedRequest[]): number[] {
  const lastRead = new Map<string, number>();
  const pages: Array<{ at: number; from: number; to: number }> = [];
  const out: number[] = [];
  for (const r of requests) {
    if (r.status >= 400) continue;
    const id = /^\/api\/v2\/clients\/([^/]+)$/.exec(r.path)?.[1];
    if (r.method === "GET" && r.path === "/api/v2/clients") {
      const q = new URLSearchParams(r.query);
      const perPage = Number(q.get("per_page") ?? 50);
      const from = Number(q.get("page") ?? 0) * perPage;
      pages.push({ at: r.at, from, to: from + perPage });
    } else if (r.method === "GET" && id) {
      lastRead.set(id, r.at);
    } else if (r.method === "PATCH" && id) {
      const position = positions.get(id) ?? -1;
      const answered = (at: number) => at + LATENCY_MS <= r.at;
      const page = pages.findLast((p) => answered(p.at) && p.from <= position && position < p.to);
      const get = lastRead.get(id);
      const read = Math.max(get !== undefined && answered(get) ? get : 0, page?.at ?? 0);
      if (read > 0) out.push(r.at - read);
      // The PATCH's answer is the next write's read.
      lastRead.set(id, r.at);
    }
  }
  return out.sort((a, b) => a - b);
}

function stats(): Auth0Stats {
  const r = emu.requests;
  const w = windows(r);
  return {
    requests: r.length,
    token: r.filter((x) => x.path === "/oauth/token").length,
    lists: r.filter((x) => x.method === "GET" && x.path === "/api/v2/clients").length,
    gets: r.filter((x) => x.method === "GET" && x.path.startsWith("/api/v2/clients/")).length,
    patches: r.filter((x) => x.method === "PATCH").length,
    limited: r.filter((x) => x.status === 429).length,
    first: r[0]?.at ?? 0,
    last: r.at(-1)?.at ?? 0,
    windows: { max: w.at(-1) ?? 0, median: w[Math.floor(w.length / 2)] ?? 0 },
  };
}

serveEmulator(
  emu.url,
  {
    seed,
    rateLimit: (rate: typeof RATE | null) => emu.setRateLimit(rate ?? undefined),
    stats,
    reset: () => emu.resetLog(),
  },
  () => emu.close(),
);
