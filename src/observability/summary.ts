/**
 * The outcome of one reconcile run, as every reporting channel (stdout line, metrics, Slack) sees it. Counts, names
 * and messages only: nothing here may carry a credential, so channels can publish it as is once it is redacted.
 */
import type { ChangeAction } from "../core/plan.js";
import type { RequestCounts } from "../core/request-counter.js";

/** One provider, account and region the run covered; zeros when it is in sync. */
export interface ScopeCounts {
  provider: string;
  account: string;
  /** The region's name, or `global` for resources declared without regions. */
  region: string;
  /** Planned changes serving this region (a change serving two regions counts in each). */
  drift: number;
  /** The planned changes by action. */
  changes: Record<ChangeAction, number>;
  applied: number;
  failed: number;
  /** Resources in error (unobservable, invalid) and changes held by an error. */
  errors: number;
}

/** What became of a planned change: its plan status, or its apply result. */
export type ChangeState = "pending" | "observe-only" | "held" | "applied" | "failed" | "skipped";

/** A planned change, named, for notices. */
export interface ChangeNote {
  id: string;
  provider: string;
  account: string;
  kind: string;
  name: string;
  action: ChangeAction;
  regions: string[];
  state: ChangeState;
  /** Changes when what the change would do changes (its diffs), so a notice can tell new drift from old. */
  digest: string;
}

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
  /** regionsync's version, for `regionsync_build_info`. */
  version?: string;
  /** Every provider, account and region the run covered; absent when the run made no plan. */
  scopes?: ScopeCounts[];
  /** Vendor requests per provider and account, since the process started. */
  requests?: RequestCounts[];
  /** The plan's changes and what became of them; absent when the run made no plan. */
  changes?: ChangeNote[];
}

export function durationSeconds(summary: RunSummary): number {
  return Math.max(0, (Date.parse(summary.finishedAt) - Date.parse(summary.startedAt)) / 1000);
}

export function totalDrift(summary: RunSummary): number {
  return Object.values(summary.drift).reduce((sum, n) => sum + n, 0);
}

/**
 * Masks secrets in the free-form fields: error messages, where a vendor SDK may echo a token, and change names, which
 * come from vendors too.
 */
export function redactSummary(summary: RunSummary, redact: (text: string) => string): RunSummary {
  return {
    ...summary,
    errors: summary.errors.map(redact),
    ...(summary.changes ? { changes: summary.changes.map((c) => ({ ...c, name: redact(c.name) })) } : {}),
  };
}

/**
 * The one-line JSON record every run ends with, on stdout, for log pipelines to pick up. The changes themselves stay
 * out of it, so the line stays short however large the plan: the counts per scope are there.
 */
export function formatSummaryLine(summary: RunSummary): string {
  const { changes: _changes, ...rest } = summary;
  return JSON.stringify({
    event: "regionsync.run",
    ...rest,
    durationSeconds: durationSeconds(summary),
    totalDrift: totalDrift(summary),
  });
}
