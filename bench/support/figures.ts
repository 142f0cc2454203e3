/** How the benchmarks report: ranges over repeated runs, and the floor a rate limit sets for a request count. */

/** `min–max` of the values, formatted; one value when they agree. */
export function range(values: number[], digits = 0, unit = ""): string {
  const format = (v: number) =>
    v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return `${format(lo)}${format(lo) === format(hi) ? "" : `–${format(hi)}`}${unit}`;
}

/** A token bucket of `burst` refilled at `perSecond`: the shortest time `requests` can take, plus one round trip. */
export function bucketFloorMs(requests: number, rate: { perSecond: number; burst: number }, latencyMs: number): number {
  return (Math.max(0, requests - rate.burst) / rate.perSecond) * 1000 + latencyMs;
}

/** A fixed window of `limit` per `periodSeconds`: `requests` at the window's average rate. */
export function windowFloorMs(requests: number, rate: { limit: number; periodSeconds: number }): number {
  return (requests / (rate.limit / rate.periodSeconds)) * 1000;
}

export const seconds = (ms: number[]) =>
  range(
    ms.map((m) => m / 1000),
    2,
    " s",
  );

/** The machine's load, printed beside every table: the figures depend on it. */
export async function loadAverage(): Promise<string> {
  const { loadavg, cpus } = await import("node:os");
  return `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ")} on ${cpus().length} CPUs`;
}
