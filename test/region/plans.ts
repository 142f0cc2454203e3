/** Reading plans the way a tool would: `plan --json`, then the coverage matrix's column for one region. */
import type { Plan } from "../../src/core/plan.js";
import { run } from "./helpers.js";

export type PlanJson = Plan;

export async function planOf(file: string): Promise<PlanJson> {
  const result = await run(file, ["plan", "--json"]);
  if (result.code !== 0) throw new Error(`plan failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as PlanJson;
}

/** Each declaration's cell in `region`'s column, by `provider/kind/name`. */
export function regionCells(plan: PlanJson, region: string): Record<string, string> {
  return Object.fromEntries(
    plan.coverage.map((row) => [`${row.provider}/${row.kind}/${row.name}`, row.cells[region] ?? ""]),
  );
}
