/**
 * Prometheus metrics of a run, built with prom-client: one registry per rendering, for the textfile, the Pushgateway
 * and `/metrics` alike. Every scope the run covered has its series, at 0 when in sync, so a cleared drift shows as 0
 * rather than as a series that stopped. The last-success timestamp is what the "last success is too old" alert
 * watches: a failed run must not move it, so each channel carries it over (see textfile.ts and pushgateway.ts).
 */
import { Counter, Gauge, Registry } from "prom-client";
import { changeActions } from "../core/plan.js";
import { durationSeconds, type RunSummary } from "./summary.js";

export const LAST_SUCCESS = "regionsync_last_success_timestamp_seconds";

/** Every metric name regionsync exports; the chart's alerts are checked against these (.ci/helm/check-manifests.mjs). */
export const METRIC_NAMES = [
  "regionsync_build_info",
  "regionsync_drift",
  "regionsync_planned_changes",
  "regionsync_changes_applied",
  "regionsync_changes_failed",
  "regionsync_errors",
  "regionsync_last_run_success",
  "regionsync_last_run_duration_seconds",
  "regionsync_last_run_timestamp_seconds",
  LAST_SUCCESS,
  "regionsync_vendor_requests_total",
  "regionsync_vendor_retries_total",
  "regionsync_vendor_rate_limited_total",
] as const;

export interface MetricsOptions {
  /** Labels on every sample (the textfile's `mode`); the Pushgateway puts them in its grouping key instead. */
  labels?: Record<string, string>;
  /** The last-success timestamp (Unix seconds) to export; none: the metric is left out. */
  lastSuccess?: number;
  /** Leave out the run's own metrics: a registry with the last success alone (the Pushgateway's second group). */
  lastSuccessOnly?: boolean;
}

const scopeLabels = ["provider", "account", "region"] as const;
const accountLabels = ["provider", "account"] as const;

/** When the run finished, in Unix seconds: the last success if it succeeded. */
export function finishedSeconds(summary: RunSummary): number {
  return Date.parse(summary.finishedAt) / 1000;
}

export function metricsRegistry(summary: RunSummary, opts: MetricsOptions = {}): Registry {
  const registry = new Registry();
  if (opts.labels) registry.setDefaultLabels(opts.labels);
  const registers = [registry];
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers });
  if (!opts.lastSuccessOnly) {
    gauge("regionsync_build_info", "Always 1: the regionsync version and Node.js version that ran.", [
      "version",
      "node",
    ]).set({ version: summary.version ?? "unknown", node: process.version }, 1);
    addScopeMetrics(summary, gauge);
    addRunMetrics(summary, gauge);
    addRequestCounters(summary, registers);
  }
  if (opts.lastSuccess !== undefined) {
    gauge(LAST_SUCCESS, "When the last successful run finished, in Unix seconds.").set(opts.lastSuccess);
  }
  return registry;
}

type GaugeMaker = <L extends string>(name: string, help: string, labelNames?: readonly L[]) => Gauge<L>;

/** Per provider, account and region; absent when the run made no plan (drift unknown, not zero). */
function addScopeMetrics(summary: RunSummary, gauge: GaugeMaker): void {
  if (!summary.scopes) return;
  const drift = gauge(
    "regionsync_drift",
    "Changes needed to reach desired state, as seen by the last run.",
    scopeLabels,
  );
  const planned = gauge("regionsync_planned_changes", "Changes the last run planned, by action.", [
    ...scopeLabels,
    "action",
  ]);
  const applied = gauge("regionsync_changes_applied", "Changes applied by the last run.", scopeLabels);
  const failed = gauge("regionsync_changes_failed", "Changes that failed in the last run.", scopeLabels);
  const errors = gauge(
    "regionsync_errors",
    "Resources in error, and changes held by one, in the last run.",
    scopeLabels,
  );
  for (const s of summary.scopes) {
    const labels = { provider: s.provider, account: s.account, region: s.region };
    drift.set(labels, s.drift);
    for (const action of changeActions) planned.set({ ...labels, action }, s.changes[action]);
    applied.set(labels, s.applied);
    failed.set(labels, s.failed);
    errors.set(labels, s.errors);
  }
}

function addRunMetrics(summary: RunSummary, gauge: GaugeMaker): void {
  gauge("regionsync_last_run_success", "1 if the last run succeeded, else 0.").set(summary.ok ? 1 : 0);
  gauge("regionsync_last_run_duration_seconds", "Duration of the last run.").set(durationSeconds(summary));
  gauge("regionsync_last_run_timestamp_seconds", "When the last run finished, in Unix seconds.").set(
    finishedSeconds(summary),
  );
}

/**
 * Counters since the process started: one run for a CronJob (each run starts from zero, which `increase()` reads as
 * a counter reset), every run for `run --schedule`.
 */
function addRequestCounters(summary: RunSummary, registers: Registry[]): void {
  const counter = (name: string, help: string) => new Counter({ name, help, labelNames: accountLabels, registers });
  const requests = counter("regionsync_vendor_requests_total", "HTTP requests sent to a vendor, retries included.");
  const retries = counter("regionsync_vendor_retries_total", "Vendor requests sent again after a failure or a limit.");
  const limited = counter("regionsync_vendor_rate_limited_total", "Vendor answers saying a rate limit was hit (429).");
  for (const r of summary.requests ?? []) {
    const labels = { provider: r.provider, account: r.account };
    requests.inc(labels, r.requests);
    retries.inc(labels, r.retries);
    limited.inc(labels, r.rateLimited);
  }
}

/** Reads the last-success value back from a previous exposition, so a textfile keeps it across failed runs. */
export function parseLastSuccess(exposition: string): number | undefined {
  const match = exposition.match(new RegExp(`^${LAST_SUCCESS}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, "m"));
  const value = match ? Number(match[1]) : Number.NaN;
  return Number.isFinite(value) ? value : undefined;
}
