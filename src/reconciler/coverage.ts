/** The region coverage matrix: one row per declared resource, one column per region, so gaps show at a glance. */

import type { Declaration } from "../core/desired-state.js";
import type { Change, CoverageCell, CoverageRow } from "../core/plan.js";
import type { Diagnostic, Instance } from "../core/types.js";

/** Worst first: a cell shows the most urgent thing about it. */
const rank: CoverageCell[] = ["error", "manual", "held", "warning", "will-change", "drift", "in-sync", "not-declared"];

/** Every region in order (one that nothing serves included), then `*` when a declaration has no regions. */
export function coverageColumns(declarations: Declaration[], regionOrder: string[]): string[] {
  const columns = [...regionOrder];
  if (declarations.some((d) => d.regions.length === 0)) columns.push("*");
  return columns;
}

export function buildCoverage(
  declarations: Declaration[],
  columns: string[],
  instances: Instance[],
  changes: Change[],
  diagnostics: Diagnostic[],
  failedAccounts: ReadonlySet<string> = new Set(),
): CoverageRow[] {
  const instanceById = new Map(instances.map((i) => [i.id, i]));
  return declarations.map((d) => {
    const cells: Record<string, CoverageCell> = {};
    const declared = d.regions.length ? d.regions : ["*"];
    for (const column of columns) cells[column] = declared.includes(column) ? "in-sync" : "not-declared";
    const mark = (column: string, cell: CoverageCell) => {
      const current = cells[column];
      if (current === undefined || current === "not-declared") return;
      if (rank.indexOf(cell) < rank.indexOf(current)) cells[column] = cell;
    };
    for (const c of changes) {
      if (!c.declarations.includes(d.id)) continue;
      const cell: CoverageCell =
        c.status === "observe-only"
          ? "drift"
          : c.status === "held"
            ? "held"
            : c.action === "manual"
              ? "manual"
              : "will-change";
      const regions = c.regions.length ? c.regions : declared;
      for (const r of regions) mark(r, cell);
    }
    for (const instance of instances) {
      if (instance.declaration === d.id && failedAccounts.has(instance.account)) mark(instance.region ?? "*", "error");
    }
    // A problem that names an instance marks its cell: an error, or a warning such as a monitor that would never fire.
    for (const diag of diagnostics) {
      if (!diag.instance) continue;
      const instance = instanceById.get(diag.instance);
      if (instance?.declaration === d.id) mark(instance.region ?? "*", diag.severity);
    }
    const names = Object.fromEntries(columns.filter((c) => d.names[c] !== undefined).map((c) => [c, d.names[c]!]));
    return { declaration: d.id, provider: d.provider, kind: d.kind, name: d.name, names, cells };
  });
}
