/** The human plan for a terminal, Terraform-style. Colour and width as style.ts decides. */
import { type Change, type ChangeResult, maskDiff, type Plan } from "../core/plan.js";
import type { FieldDiff } from "../core/types.js";
import { plural } from "../core/words.js";
import { renderCoverage } from "./coverage.js";
import { actionSymbol, diagnosticLine, formatValue, summaryLine } from "./format.js";
import { plain, type Style } from "./style.js";

export { colour, plain, type Style, styleFor } from "./style.js";

function paint(style: Style, action: Change["action"]) {
  return { create: style.green, update: style.yellow, delete: style.red, manual: style.cyan }[action];
}

export function renderDiff(diff: FieldDiff): string {
  const d = maskDiff(diff);
  const from = d.from ? `, from ${d.from}` : "";
  const after = d.known_after_apply
    ? `(known after apply${from})`
    : d.sensitive && from
      ? `(sensitive${from})`
      : formatValue(d.after);
  if (d.op === "add") return `+ ${d.path}: ${after}`;
  if (d.op === "remove") return `- ${d.path}: ${formatValue(d.before)}`;
  return `~ ${d.path}: ${formatValue(d.before)} -> ${after}`;
}

/** What a change does, in words: a removal of entries reads as the update it is ("removes 3 URLs"). */
export function changeVerb(c: Change): string {
  if (c.action === "manual") return "manual action required";
  if (c.action === "delete" && c.delete_unit)
    return `will be updated: removes ${plural(c.delete_count ?? 1, c.delete_unit)}`;
  return `will be ${c.action}d`;
}

/** The symbol of a change: a removal of entries is an update (`~`), in the colour of a delete. */
export const changeSymbol = (c: Change) => (c.action === "delete" && c.delete_unit ? "~" : actionSymbol[c.action]);

export function renderChange(c: Change, style: Style): string[] {
  const regions = c.regions.length ? ` (${c.regions.join(", ")})` : "";
  const status =
    c.status === "observe-only"
      ? style.yellow(" [observe only: not applied]")
      : c.status === "held"
        ? style.yellow(` [held: ${c.held_reason ?? "not applied"}]`)
        : "";
  const lines = [
    `  ${paint(style, c.action)(changeSymbol(c))} ${c.provider} ${c.kind} ${style.bold(JSON.stringify(c.name))}${regions} ${changeVerb(c)}${status}`,
  ];
  for (const d of c.diffs) lines.push(`      ${renderDiff(d)}`);
  if (c.instructions) {
    lines.push(`      ${c.instructions.summary}`);
    if (c.instructions.url) lines.push(`      Settings page: ${c.instructions.url}`);
    c.instructions.steps.forEach((step, i) => {
      lines.push(`      ${i + 1}. ${step}`);
    });
  }
  return lines;
}

export function renderPlan(plan: Plan, style: Style = plain): string {
  const out: string[] = [...renderCoverage(plan, style)];
  const byAccount = new Map<string, Change[]>();
  for (const c of plan.changes) {
    const key = `${c.provider} · ${c.account}`;
    byAccount.set(key, [...(byAccount.get(key) ?? []), c]);
  }
  for (const [key, list] of byAccount) {
    out.push("", style.bold(key));
    for (const c of list) out.push(...renderChange(c, style));
  }
  const problems = plan.diagnostics;
  if (problems.length) {
    out.push("", style.bold("Problems:"));
    for (const d of problems)
      out.push(`  ${d.severity === "error" ? style.red(diagnosticLine(d)) : style.yellow(diagnosticLine(d))}`);
  }
  out.push("");
  if (plan.changes.length === 0 && plan.summary.errors === 0) {
    out.push(style.green("No changes. Every declared resource is in sync in every region."));
  } else {
    out.push(style.bold(summaryLine(plan.summary)));
  }
  if (plan.refusal) out.push(style.red(`Apply refused: ${plan.refusal}`));
  return `${out.join("\n").replace(/^\n+/, "")}\n`;
}

export function renderResults(plan: Plan, results: ChangeResult[], style: Style = plain): string {
  const byId = new Map(plan.changes.map((c) => [c.id, c]));
  const lines: string[] = [];
  for (const r of results) {
    const c = byId.get(r.changeId);
    const what = c ? `${c.provider} ${c.kind} ${JSON.stringify(c.name)} (${c.action})` : r.changeId;
    const mark =
      r.status === "applied" ? style.green("✓") : r.status === "skipped" ? style.yellow("○") : style.red("✗");
    lines.push(`  ${mark} ${what}${r.message ? `: ${r.message}` : ""}`);
  }
  const applied = results.filter((r) => r.status === "applied").length;
  const failed = results.filter((r) => r.status === "failed").length;
  const skipped = results.filter((r) => r.status === "skipped").length;
  lines.push("", `Apply complete: ${applied} applied, ${failed} failed, ${skipped} skipped.`);
  return `${lines.join("\n")}\n`;
}
