/** Small text helpers shared by the terminal and markdown renderers. */

import type { ChangeAction, CoverageCell, PlanSummary } from "../core/plan.js";
import type { Diagnostic } from "../core/types.js";

export const actionSymbol: Record<ChangeAction, string> = { create: "+", update: "~", delete: "-", manual: "!" };

export const cellLabel: Record<CoverageCell, string> = {
  "in-sync": "in sync",
  "will-change": "will change",
  manual: "manual",
  drift: "drift",
  held: "held",
  error: "error",
  warning: "warning",
  "not-declared": "—",
};

export function formatValue(value: unknown): string {
  if (value === undefined) return "(none)";
  if (typeof value === "string") return JSON.stringify(value);
  return JSON.stringify(value);
}

export function summaryLine(s: PlanSummary): string {
  const extra: string[] = [];
  if (s.drift) extra.push(`${s.drift} drift on observe-only resources`);
  if (s.held) extra.push(`${s.held} held back`);
  if (s.errors) extra.push(`${s.errors} error${s.errors === 1 ? "" : "s"}`);
  return `Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.manual} manual.${extra.length ? ` (${extra.join(", ")})` : ""}`;
}

export function diagnosticLine(d: Diagnostic): string {
  const where = d.at ? `${d.at.file}:${d.at.line}:${d.at.column}: ` : "";
  return `${where}${d.severity}: ${d.message}${d.hint ? ` (${d.hint})` : ""}`;
}

export function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - [...text].length));
}
