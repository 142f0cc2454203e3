/**
 * Metrics pushed to a Prometheus Pushgateway, for CronJobs that live shorter than a scrape interval.
 */
import axios from "axios";
import { renderMetrics, runGauges } from "./metrics.js";
import type { RunSummary } from "./summary.js";

export interface PushgatewayConfig {
  /** Base URL, e.g. `http://pushgateway.monitoring:9091`; `user:password@` in it becomes basic auth. */
  url: string;
  /** Grouping key `job`; the run's mode is added as `mode`, so plan and apply releases do not overwrite each other. */
  job: string;
  /** Optional grouping key `instance`, when several installations push to one gateway. */
  instance?: string;
  timeoutMs: number;
}

/**
 * POST, not PUT: POST replaces only the metric names it sends. A failed run sends no last-success sample, so the
 * gateway keeps the previous one and the staleness alert sees the true age.
 */
export async function pushMetrics(config: PushgatewayConfig, summary: RunSummary): Promise<void> {
  const url = new URL(config.url);
  const auth = url.username
    ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
    : undefined;
  url.username = "";
  url.password = "";
  const group = [
    ["job", config.job],
    ["mode", summary.mode],
    ...(config.instance ? [["instance", config.instance]] : []),
  ];
  const path = group.map(([k, v]) => `${k}/${encodeURIComponent(v ?? "")}`).join("/");
  url.pathname = `${url.pathname.replace(/\/$/, "")}/metrics/${path}`;
  await axios.post(url.toString(), renderMetrics(runGauges(summary)), {
    auth,
    timeout: config.timeoutMs,
    headers: { "Content-Type": "text/plain; version=0.0.4" },
    // Redirects could carry the credentials to another host.
    maxRedirects: 0,
  });
}
