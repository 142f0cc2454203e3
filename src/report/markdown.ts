/**
 * The plan as a pull-request comment body: summary first, deletes and manual actions made prominent, the coverage
 * matrix, then one collapsible section per vendor.
 */
import type { Change, Plan } from "../core/plan.js";
import { plural } from "../core/words.js";
import { rowName } from "./coverage.js";
import { cellLabel, diagnosticLine, summaryLine } from "./format.js";
import { changeSymbol, changeVerb, renderDiff } from "./terminal.js";

const cellIcon: Record<string, string> = {
  "in-sync": "✅",
  "will-change": "🟡",
  manual: "🖐",
  drift: "🟠",
  held: "⏸",
  error: "❌",
  warning: "⚠️",
  "not-declared": "",
};

const escapeCell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function changeBlock(c: Change): string {
  const verb = c.action === "manual" ? "manual action required" : c.delete_unit ? changeVerb(c) : c.action;
  const lines = [
    `${changeSymbol(c)} ${c.kind} "${c.name}"${c.regions.length ? ` (${c.regions.join(", ")})` : ""} ${verb}${c.status === "observe-only" ? " [observe only]" : c.status === "held" ? " [held]" : ""}`,
    ...c.diffs.map((d) => `    ${renderDiff(d)}`),
  ];
  return lines.join("\n");
}

export function renderMarkdown(plan: Plan): string {
  const s = plan.summary;
  const out: string[] = [];
  const noChanges = plan.changes.length === 0 && s.errors === 0;
  out.push(`### regionsync plan${noChanges ? ": no changes" : ""}`);
  out.push("", noChanges ? "Every declared resource is in sync in every region." : `**${summaryLine(s)}**`);
  if (plan.refusal) out.push("", `> [!CAUTION]\n> **Apply refused:** ${plan.refusal}`);

  const deletes = plan.changes.filter((c) => c.action === "delete");
  if (deletes.length) {
    out.push("", `> [!WARNING]\n> **${deletes.length} delete${deletes.length === 1 ? "" : "s"}** in this plan:`);
    for (const c of deletes) {
      const what = c.delete_unit
        ? `removes ${plural(c.delete_count ?? 1, c.delete_unit)} from ${c.kind} **${escapeCell(c.name)}**`
        : `${c.kind} **${escapeCell(c.name)}**`;
      out.push(
        `> - \`${c.provider}\` ${what} in \`${c.account}\`${c.status === "held" ? " (held: deletes not allowed)" : ""}`,
      );
    }
  }
  const manual = plan.changes.filter((c) => c.action === "manual");
  if (manual.length) {
    out.push("", "#### 🖐 Manual action required", "");
    for (const c of manual) {
      out.push(
        `- **${c.provider} ${c.kind} ${escapeCell(c.name)}**${c.regions.length ? ` (${c.regions.join(", ")})` : ""}: ${c.instructions?.summary ?? ""}`,
      );
      if (c.instructions?.url) out.push(`  - Settings page: ${c.instructions.url}`);
      for (const step of c.instructions?.steps ?? []) out.push(`  - ${step}`);
    }
  }
  const errors = plan.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) {
    out.push("", "#### ❌ Errors", "");
    for (const d of errors) out.push(`- ${escapeCell(diagnosticLine(d))}`);
  }
  if (plan.coverage.length) {
    out.push("", "#### Region coverage", "");
    out.push(`| Resource | ${plan.regions.map((r) => (r === "*" ? "(global)" : r)).join(" | ")} |`);
    out.push(`|---|${plan.regions.map(() => "---").join("|")}|`);
    for (const row of plan.coverage) {
      const cells = plan.regions.map((r) => {
        const cell = row.cells[r] ?? "not-declared";
        return `${cellIcon[cell]} ${cellLabel[cell]}`.trim();
      });
      out.push(`| ${escapeCell(`${row.provider} ${row.kind} ${rowName(row, plan.regions)}`)} | ${cells.join(" | ")} |`);
    }
  }
  const byProvider = new Map<string, Change[]>();
  for (const c of plan.changes) byProvider.set(c.provider, [...(byProvider.get(c.provider) ?? []), c]);
  for (const [provider, list] of byProvider) {
    out.push(
      "",
      `<details><summary><b>${provider}</b>: ${list.length} change${list.length === 1 ? "" : "s"}</summary>`,
      "",
    );
    out.push("```diff", ...list.map(changeBlock), "```", "", "</details>");
  }
  return `${out.join("\n")}\n`;
}
