/** The plan: plain data computed before any write path is reachable. Dry-run is "stop here". */
import type { Change, Diagnostic } from "../core/types.js";

/**
 * What happens to a change on apply. `pending`: applied. `observe-only`: drift on a resource whose policy is observe;
 * reported, never written. `held`: a delete that was not allowed (no --allow-delete / allow_delete).
 */
export type ChangeStatus = "pending" | "observe-only" | "held";

export interface PlannedChange extends Change {
  status: ChangeStatus;
  heldReason?: string;
}

/** A cell of the region coverage matrix. */
export type CoverageCell = "in-sync" | "will-change" | "manual" | "drift" | "held" | "error" | "not-declared";

export interface CoverageRow {
  declaration: string;
  provider: string;
  kind: string;
  name: string;
  /** By region name; `*` for a declaration without regions. */
  cells: Record<string, CoverageCell>;
}

export interface PlanSummary {
  create: number;
  update: number;
  delete: number;
  manual: number;
  /** Drift on observe-only resources. */
  drift: number;
  /** Deletes held back because deletes were not allowed. */
  held: number;
  errors: number;
}

export interface Plan {
  createdAt: string;
  desiredState: { file: string; digest: string };
  /** Region columns of the coverage matrix, in declaration order (`*` last when used). */
  regions: string[];
  coverage: CoverageRow[];
  changes: PlannedChange[];
  diagnostics: Diagnostic[];
  summary: PlanSummary;
  /** Set when the blast-radius guard refuses the plan: apply will not run. */
  refusal?: string;
  /** What narrowed this run (`--only`, `--region`), so a saved plan is applied with the same scope. */
  scope: { only?: string[]; region?: string };
}

/** Counts pending work by action; manual actions count as changes (someone must act). */
export function summarize(changes: PlannedChange[], diagnostics: Diagnostic[]): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, delete: 0, manual: 0, drift: 0, held: 0, errors: 0 };
  for (const c of changes) {
    if (c.status === "observe-only") summary.drift++;
    else if (c.status === "held") summary.held++;
    else summary[c.action]++;
  }
  summary.errors = diagnostics.filter((d) => d.severity === "error").length;
  return summary;
}

/** Whether the plan has anything for a person or apply to do (the `--detailed-exitcode` 2). */
export function hasChanges(plan: Plan): boolean {
  const s = plan.summary;
  return s.create + s.update + s.delete + s.manual + s.drift + s.held > 0;
}
