/** The human plan for a terminal, Terraform-style. Colour only when asked (a TTY without NO_COLOR). */
import { type Change, type ChangeResult, maskDiff, type Plan } from "../core/plan.js";
import type { FieldDiff } from "../core/types.js";
import { actionSymbol, cellLabel, diagnosticLine, formatValue, pad, summaryLine } from "./format.js";

export interface Style {
  green(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
  cyan(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

const code = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
export const colour: Style = {
  green: code(32, 39),
  yellow: code(33, 39),
  red: code(31, 39),
  cyan: code(36, 39),
  bold: code(1, 22),
  dim: code(2, 22),
};
const identity = (s: string) => s;
export const plain: Style = {
  green: identity,
  yellow: identity,
  red: identity,
  cyan: identity,
  bold: identity,
  dim: identity,
};

/**
 * Colour on a terminal, unless `NO_COLOR` is set (no-color.org) or `TERM=dumb`. `FORCE_COLOR` (as Node and chalk read
 * it) wins over both: set and not `0`/`false`, colour even into a pipe; `0` or `false`, none even on a terminal.
 */
export function styleFor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): Style {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force === "0" || force === "false" ? plain : colour;
  return stream.isTTY && !env.NO_COLOR && env.TERM !== "dumb" ? colour : plain;
}

function paint(style: Style, action: Change["action"]) {
  return { create: style.green, update: style.yellow, delete: style.red, manual: style.cyan }[action];
}

export function renderCoverage(plan: Plan, style: Style): string[] {
  if (plan.coverage.length === 0) return [];
  const label = (r: (typeof plan.coverage)[number]) => `${r.provider} ${r.kind} ${r.name}`;
  const first = Math.max(8, ...plan.coverage.map((r) => label(r).length)) + 2;
  const width = 13;
  const lines = [
    style.bold("Region coverage:"),
    `  ${pad("RESOURCE", first)}${plan.regions.map((r) => pad(r === "*" ? "(global)" : r, width)).join("")}`,
  ];
  for (const row of plan.coverage) {
    const cells = plan.regions.map((r) => {
      const cell = row.cells[r] ?? "not-declared";
      const text = pad(cellLabel[cell], width);
      if (cell === "error") return style.red(text);
      if (cell === "manual") return style.cyan(text);
      if (cell === "will-change" || cell === "held" || cell === "drift") return style.yellow(text);
      if (cell === "in-sync") return style.green(text);
      return style.dim(text);
    });
    lines.push(`  ${pad(label(row), first)}${cells.join("")}`.trimEnd());
  }
  return lines;
}

export function renderDiff(diff: FieldDiff): string {
  const d = maskDiff(diff);
  if (d.op === "add") return `+ ${d.path}: ${formatValue(d.after)}`;
  if (d.op === "remove") return `- ${d.path}: ${formatValue(d.before)}`;
  return `~ ${d.path}: ${formatValue(d.before)} -> ${formatValue(d.after)}`;
}

export function renderChange(c: Change, style: Style): string[] {
  const regions = c.regions.length ? ` (${c.regions.join(", ")})` : "";
  const status =
    c.status === "observe-only"
      ? style.yellow(" [observe only: not applied]")
      : c.status === "held"
        ? style.yellow(` [held: ${c.held_reason ?? "not applied"}]`)
        : "";
  const verb = c.action === "manual" ? "manual action required" : `will be ${c.action}d`;
  const lines = [
    `  ${paint(style, c.action)(actionSymbol[c.action])} ${c.provider} ${c.kind} ${style.bold(JSON.stringify(c.name))}${regions} ${verb}${status}`,
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
