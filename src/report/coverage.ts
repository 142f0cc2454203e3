/**
 * The region coverage matrix for a terminal: one row per declared resource under the names people search for (each
 * region's name, placeholders filled in), fitted to the terminal's width: long names end in an ellipsis, and when even
 * the cells do not fit, they shrink to symbols with a legend.
 */
import type { CoverageCell, CoverageRow, Plan } from "../core/plan.js";
import { cellLabel, pad } from "./format.js";
import type { Style } from "./style.js";

const cellSymbol: Record<CoverageCell, string> = {
  "in-sync": "✓",
  "will-change": "~",
  manual: "!",
  drift: "≠",
  held: "‖",
  error: "✗",
  warning: "⚠",
  "not-declared": "—",
};

/**
 * A row's resource named as the regions name it: the one name they share, or the names written once with the part
 * that differs in braces (`[{us,eu}] API p99 latency`, `production-{us,eu}`).
 */
export function rowName(row: CoverageRow, columns: readonly string[]): string {
  const named = columns.filter((c) => row.names?.[c] !== undefined);
  const names = named.map((c) => row.names![c]!);
  const distinct = [...new Set(names)];
  if (distinct.length <= 1) return distinct[0] ?? row.name;
  const tokenised = named.map((c, i) => (c === "*" ? names[i]! : names[i]!.split(c).join("\u0000")));
  if (new Set(tokenised).size === 1 && tokenised[0]!.includes("\u0000")) {
    return tokenised[0]!.split("\u0000").join(`{${named.join(",")}}`);
  }
  let prefix = 0;
  while (names.every((n) => n[prefix] !== undefined && n[prefix] === names[0]![prefix])) prefix++;
  let suffix = 0;
  const fits = (n: string) => n.length - suffix - 1 >= prefix;
  while (names.every((n) => fits(n) && n.at(-1 - suffix) === names[0]!.at(-1 - suffix))) suffix++;
  // The braces hold whole words: "[{us-east,eu-west}-1]", not "[{us-ea,eu-we}st-1]".
  const word = /[A-Za-z0-9]/;
  const cuts = (at: (n: string) => [string | undefined, string | undefined]) =>
    names.some((n) => {
      const [a, b] = at(n);
      return a !== undefined && b !== undefined && word.test(a) && word.test(b);
    });
  while (prefix > 0 && cuts((n) => [n[prefix - 1], n[prefix]])) prefix--;
  while (suffix > 0 && cuts((n) => [n.at(-suffix - 1), n.at(-suffix)])) suffix--;
  const middles = names.map((n) => n.slice(prefix, n.length - suffix));
  return `${names[0]!.slice(0, prefix)}{${middles.join(",")}}${names[0]!.slice(names[0]!.length - suffix)}`;
}

const ellipsis = (text: string, width: number) => {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join("")}…`;
};

const heading = (region: string) => (region === "*" ? "(global)" : region);

export function renderCoverage(plan: Plan, style: Style): string[] {
  if (plan.coverage.length === 0) return [];
  const label = (r: CoverageRow) => `${r.provider} ${r.kind} ${rowName(r, plan.regions)}`;
  const longest = Math.max(8, ...plan.coverage.map((r) => [...label(r)].length));
  const wide = 13;
  const width = style.width;
  // Too narrow for "will change" cells beside a name of 24 characters: symbols instead, with a legend.
  const compact = width !== undefined && width - 2 - plan.regions.length * wide < 24;
  const cellWidth = compact ? Math.max(3, ...plan.regions.map((r) => heading(r).length + 1)) : wide;
  const room = width === undefined ? longest : width - 4 - plan.regions.length * cellWidth;
  const first = Math.max(12, Math.min(longest, room)) + 2;
  const lines = [
    style.bold("Region coverage:"),
    `  ${pad("RESOURCE", first)}${plan.regions.map((r) => pad(heading(r), cellWidth)).join("")}`.trimEnd(),
  ];
  for (const row of plan.coverage) {
    const cells = plan.regions.map((r) => {
      const cell = row.cells[r] ?? "not-declared";
      const text = pad(compact ? cellSymbol[cell] : cellLabel[cell], cellWidth);
      if (cell === "error") return style.red(text);
      if (cell === "manual") return style.cyan(text);
      if (cell === "will-change" || cell === "held" || cell === "drift" || cell === "warning")
        return style.yellow(text);
      if (cell === "in-sync") return style.green(text);
      return style.dim(text);
    });
    lines.push(`  ${pad(ellipsis(label(row), first - 2), first)}${cells.join("")}`.trimEnd());
  }
  if (compact) {
    const legend = (Object.keys(cellSymbol) as CoverageCell[]).map(
      (c) => `${cellSymbol[c]} ${c === "not-declared" ? "not declared" : cellLabel[c]}`,
    );
    let line = " ";
    for (const item of legend) {
      if (line.length + 2 + [...item].length > (width ?? 80)) {
        lines.push(style.dim(line));
        line = " ";
      }
      line += ` ${item}`;
    }
    lines.push(style.dim(line));
  }
  return lines;
}
