/**
 * The table of docs/fault-matrix.md, rendered from the cells, the expected outcomes and each vendor's deviations and
 * skips, so the doc cannot drift from what the matrix asserts. `node dist/test/faults/doc.js --write` rewrites it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CELLS, type CellName, EXPECTED, type FaultCell, FIXED_OUTCOMES } from "./cells.js";
import type { FaultTarget } from "./target.js";
import { auth0Target } from "./targets/auth0.js";
import { datadogTarget } from "./targets/datadog.js";
import { githubTarget } from "./targets/github.js";

export const TARGETS: FaultTarget[] = [auth0Target, githubTarget, datadogTarget];
export const docPath = fileURLToPath(new URL("../../../docs/fault-matrix.md", import.meta.url));

const BEGIN = "<!-- fault-matrix:begin (generated from test/faults/cells.ts and targets/; do not edit) -->";
const END = "<!-- fault-matrix:end -->";

const isFaultCell = (name: CellName): name is FaultCell => name in EXPECTED;

function outcome(target: FaultTarget, name: CellName, notes: string[]): string {
  const skip = target.skip?.find((s) => s.cells.includes(name));
  if (skip) {
    notes.push(`${target.vendor}, ${name}: not run, ${skip.reason}.`);
    return `not run [${notes.length}]`;
  }
  if (name === "sigkill") return `killed after write ${target.killAfter.join(", ")}; the rerun converged`;
  if (!isFaultCell(name)) return FIXED_OUTCOMES[name];
  const deviation = target.deviations?.find((d) => d.cells.includes(name));
  const result = deviation?.outcome ?? EXPECTED[name];
  const text = result === "recovered" ? "recovered in the run" : "reported; the rerun converged";
  if (!deviation) return text;
  notes.push(`${target.vendor}, ${name}: ${deviation.reason}.`);
  return `${text} [${notes.length}]`;
}

/** The generated part of docs/fault-matrix.md, markers included. */
export function renderMatrix(): string {
  const notes: string[] = [];
  const header = `| cell | fault | ${TARGETS.map((t) => t.vendor).join(" | ")} |`;
  const rule = `|${" --- |".repeat(TARGETS.length + 2)}`;
  const rows = CELLS.map(
    ({ name, title, fault }) =>
      `| ${title} (\`${name}\`) | ${fault} | ${TARGETS.map((t) => outcome(t, name, notes)).join(" | ")} |`,
  );
  const footnotes = notes.map((n, i) => `[${i + 1}] ${n}`);
  return [BEGIN, header, rule, ...rows, "", ...footnotes, END].join("\n");
}

/** The generated part as the doc holds it, or undefined when the markers are missing. */
export function documentedMatrix(doc: string): string | undefined {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  return start < 0 || end < start ? undefined : doc.slice(start, end + END.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes("--write")) {
  const doc = readFileSync(docPath, "utf8");
  const current = documentedMatrix(doc);
  if (current === undefined) throw new Error(`${docPath} has no ${BEGIN} marker`);
  writeFileSync(docPath, doc.replace(current, renderMatrix()));
}
