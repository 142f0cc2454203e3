/**
 * Prometheus metrics of one run, in the text exposition format. Written by hand: a batch job sets a handful of gauges
 * once, which needs no registry. Every metric is a gauge describing the last run, except the last-success timestamp,
 * which a failed run must not move: it is what the "last success is too old" alert watches.
 */
import { durationSeconds, type RunSummary } from "./summary.js";

export const LAST_SUCCESS = "regionsync_last_success_timestamp_seconds";

interface Gauge {
  name: string;
  help: string;
  samples: { labels?: Record<string, string>; value: number }[];
}

export interface RenderOptions {
  /** Labels on every sample (the textfile's `mode`); the Pushgateway puts them in its grouping key instead. */
  labels?: Record<string, string>;
  /** The previous last success (Unix seconds), carried over when this run failed. */
  previousLastSuccess?: number;
}

export function runGauges(summary: RunSummary, previousLastSuccess?: number): Gauge[] {
  const finished = Date.parse(summary.finishedAt) / 1000;
  const lastSuccess = summary.ok ? finished : previousLastSuccess;
  const gauges: Gauge[] = [
    {
      name: "regionsync_drift",
      help: "Changes needed to reach desired state, per provider, as seen by the last run.",
      samples: Object.entries(summary.drift).map(([provider, value]) => ({ labels: { provider }, value })),
    },
    {
      name: "regionsync_changes_applied",
      help: "Changes applied by the last run.",
      samples: [{ value: summary.applied }],
    },
    {
      name: "regionsync_changes_failed",
      help: "Changes that failed in the last run.",
      samples: [{ value: summary.failed }],
    },
    {
      name: "regionsync_last_run_success",
      help: "1 if the last run succeeded, else 0.",
      samples: [{ value: summary.ok ? 1 : 0 }],
    },
    {
      name: "regionsync_last_run_duration_seconds",
      help: "Duration of the last run.",
      samples: [{ value: durationSeconds(summary) }],
    },
    {
      name: "regionsync_last_run_timestamp_seconds",
      help: "When the last run finished, in Unix seconds.",
      samples: [{ value: finished }],
    },
  ];
  if (lastSuccess !== undefined) {
    gauges.push({
      name: LAST_SUCCESS,
      help: "When the last successful run finished, in Unix seconds.",
      samples: [{ value: lastSuccess }],
    });
  }
  return gauges;
}

export function renderMetrics(gauges: Gauge[], labels: Record<string, string> = {}): string {
  const lines: string[] = [];
  for (const gauge of gauges) {
    lines.push(`# HELP ${gauge.name} ${gauge.help}`, `# TYPE ${gauge.name} gauge`);
    for (const sample of gauge.samples) {
      lines.push(`${gauge.name}${formatLabels({ ...labels, ...sample.labels })} ${sample.value}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function formatLabels(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return pairs.length ? `{${pairs.join(",")}}` : "";
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

/** Reads the last-success value back from a previous exposition, so a textfile keeps it across failed runs. */
export function parseLastSuccess(exposition: string): number | undefined {
  const match = exposition.match(new RegExp(`^${LAST_SUCCESS}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, "m"));
  const value = match ? Number(match[1]) : Number.NaN;
  return Number.isFinite(value) ? value : undefined;
}
