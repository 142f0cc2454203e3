/**
 * `apply --markdown`: each change's result as a pull-request comment or job summary body, and a refused (stale) saved
 * plan with its reasons, so the merged pull request says what happened to what it reviewed.
 */
import type { ChangeResult, Plan } from "../core/plan.js";
import { diagnosticLine, summaryLine } from "./format.js";

const escapeCell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

const resultIcon: Record<ChangeResult["status"], string> = { applied: "✅", failed: "❌", skipped: "⏭" };

export interface ApplySource {
  /** The saved plan file, when `apply PLAN` ran. */
  planFile?: string;
  /** The desired-state file the changes come from. */
  file: string;
}

function origin({ planFile, file }: ApplySource): string {
  return planFile ? `the reviewed plan \`${planFile}\` (made from \`${file}\`)` : `a fresh plan of \`${file}\``;
}

export function renderApplyMarkdown(plan: Plan, results: readonly ChangeResult[], source: ApplySource): string {
  const count = (status: ChangeResult["status"]) => results.filter((r) => r.status === status).length;
  const [applied, failed, skipped] = [count("applied"), count("failed"), count("skipped")];
  const heading = plan.refusal
    ? "### regionsync apply: refused by the blast-radius guard, nothing was applied"
    : results.length === 0
      ? "### regionsync apply: nothing to apply"
      : `### regionsync apply: ${applied} applied, ${failed} failed, ${skipped} skipped`;
  const out = [heading, "", `From ${origin(source)}. ${summaryLine(plan.summary)}`];
  if (plan.refusal) out.push("", `> [!CAUTION]\n> ${plan.refusal}`);
  const byId = new Map(plan.changes.map((c) => [c.id, c]));
  if (results.length) {
    out.push("", "| | Change | Regions | Result |", "|---|---|---|---|");
    for (const r of results) {
      const c = byId.get(r.changeId);
      const what = c ? `${c.action} ${c.provider} ${c.kind} **${escapeCell(c.name)}** in \`${c.account}\`` : r.changeId;
      const ref = r.ref && !r.message?.includes(r.ref) ? ` (\`${r.ref}\`)` : "";
      const detail = `${r.status}${r.message ? `: ${r.message}` : ""}${ref}`;
      out.push(
        `| ${resultIcon[r.status]} | ${what} | ${escapeCell(c?.regions.join(", ") ?? "")} | ${escapeCell(detail)} |`,
      );
    }
  }
  const notApplied = plan.changes.filter((c) => c.status !== "pending" || c.action === "manual");
  if (notApplied.length) {
    out.push(
      "",
      `<details><summary>${notApplied.length} not applied by regionsync (manual, held or observe-only)</summary>`,
      "",
    );
    for (const c of notApplied)
      out.push(
        `- ${c.action} ${c.provider} ${c.kind} **${escapeCell(c.name)}**: ${c.status}${c.held_reason ? ` (${escapeCell(c.held_reason)})` : ""}`,
      );
    out.push("", "</details>");
  }
  const errors = plan.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) {
    out.push("", "#### ❌ Errors", "");
    for (const d of errors) out.push(`- ${escapeCell(diagnosticLine(d))}`);
  }
  return `${out.join("\n")}\n`;
}

/** A saved plan refused before anything was applied: stale, or made from a file that changed or is missing. */
export function renderApplyRefusedMarkdown(reasons: readonly string[], source: ApplySource): string {
  return `${[
    "### regionsync apply: refused, nothing was applied",
    "",
    `${origin(source)[0]!.toUpperCase()}${origin(source).slice(1)} no longer matches:`,
    "",
    ...reasons.map((r) => `- ${escapeCell(r)}`),
    "",
    "Run `regionsync plan` again and review the new plan.",
  ].join("\n")}\n`;
}
