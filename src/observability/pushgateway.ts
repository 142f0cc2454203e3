/**
 * Metrics pushed to a Prometheus Pushgateway, for CronJobs that live shorter than a scrape interval.
 *
 * Each run replaces its whole group (PUT): a series the run no longer has (a provider, account or region gone from
 * the file) leaves the gateway, and every covered scope is sent, at 0 when in sync, so a cleared drift reads 0. With
 * POST the gateway would keep whatever the run did not send, and a drift alert would never clear.
 *
 * The last-success timestamp lives in a group of its own (`…/result/success`), replaced only by a successful run: a
 * failed run's PUT cannot take it away, so the staleness alert sees its true age.
 */
import axios from "axios";
import { finishedSeconds, metricsRegistry } from "./metrics.js";
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

/** The grouping key of the last-success group, after the run group's. */
export const SUCCESS_GROUP = ["result", "success"] as const;

export async function pushMetrics(config: PushgatewayConfig, summary: RunSummary): Promise<void> {
  const group = [
    ["job", config.job],
    ["mode", summary.mode],
    ...(config.instance ? [["instance", config.instance]] : []),
  ];
  await put(config, group, await metricsRegistry(summary).metrics());
  if (summary.ok) {
    const lastSuccess = metricsRegistry(summary, { lastSuccessOnly: true, lastSuccess: finishedSeconds(summary) });
    await put(config, [...group, [...SUCCESS_GROUP]], await lastSuccess.metrics());
  }
}

async function put(config: PushgatewayConfig, group: string[][], body: string): Promise<void> {
  const url = new URL(config.url);
  const auth = url.username
    ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
    : undefined;
  url.username = "";
  url.password = "";
  const path = group.map(([k, v]) => `${k}/${encodeURIComponent(v ?? "")}`).join("/");
  url.pathname = `${url.pathname.replace(/\/$/, "")}/metrics/${path}`;
  await axios.put(url.toString(), body, {
    auth,
    timeout: config.timeoutMs,
    headers: { "Content-Type": "text/plain; version=0.0.4" },
    // Redirects could carry the credentials to another host.
    maxRedirects: 0,
  });
}
