/**
 * The outcome of one reconcile run, as every reporting channel (stdout line, metrics, Slack) sees it. Counts and
 * messages only: nothing here may carry a credential, so channels can publish it as is once errors are redacted.
 */
export interface RunSummary {
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601. */
  finishedAt: string;
  mode: "plan" | "apply";
  /** False when the run failed or any change failed to apply. */
  ok: boolean;
  /** Planned changes per provider name (`auth0`, `github`, `datadog`): how far the vendor is from desired state. */
  drift: Record<string, number>;
  applied: number;
  failed: number;
  errors: string[];
}

export function durationSeconds(summary: RunSummary): number {
  return Math.max(0, (Date.parse(summary.finishedAt) - Date.parse(summary.startedAt)) / 1000);
}

export function totalDrift(summary: RunSummary): number {
  return Object.values(summary.drift).reduce((sum, n) => sum + n, 0);
}

/**
 * Masks secrets in error messages. Error text is the one free-form field, and a vendor SDK may echo a token into it.
 */
export function redactSummary(summary: RunSummary, redact: (text: string) => string): RunSummary {
  return { ...summary, errors: summary.errors.map(redact) };
}

/** The one-line JSON record every run ends with, on stdout, for log pipelines to pick up. */
export function formatSummaryLine(summary: RunSummary): string {
  return JSON.stringify({
    event: "regionsync.run",
    ...summary,
    durationSeconds: durationSeconds(summary),
    totalDrift: totalDrift(summary),
  });
}
