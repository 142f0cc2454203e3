/**
 * `plan --out FILE` and `apply FILE`: where a saved plan's desired-state file is, and whether it still has the text the
 * plan was made from, decided before any vendor is contacted.
 *
 * A saved plan records its desired-state file relative to the plan file's own directory, so the two can move together
 * (a CI artifact downloaded next to a checkout, a plan applied from another directory); `-f` overrides it.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { type Plan, planFromJson } from "../core/plan.js";

export async function readSavedPlan(file: string): Promise<Plan> {
  return planFromJson(JSON.parse(await readFile(file, "utf8")));
}

/** The plan as `plan --out` writes it: its desired-state file relative to where the plan file is written. */
export function planForFile(plan: Plan, planFile: string): Plan {
  const file = relative(dirname(resolve(planFile)), resolve(plan.desired_state.file))
    .split(sep)
    .join("/");
  return { ...plan, desired_state: { ...plan.desired_state, file } };
}

/** The desired-state file `apply PLAN` checks and reads: `-f` when given, else the plan's own, next to the plan. */
export function savedPlanSource(plan: Plan, planFile: string, override: string | undefined): string {
  if (override) return override;
  const recorded = plan.desired_state.file;
  return isAbsolute(recorded) ? recorded : join(dirname(planFile), recorded);
}

const short = (digest: string) => digest.slice(0, 12);

/** Why the plan cannot be applied to `file` as it is now; undefined when the file has the digest the plan records. */
export async function sourceProblem(plan: Plan, file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `cannot read ${file}, the desired-state file the plan was made from: ${code === "ENOENT" ? "it does not exist" : (error as Error).message} (pass it with -f if it moved)`;
  }
  // The digest as the loader computes it: sha256 of the file's UTF-8 text.
  const digest = createHash("sha256").update(text).digest("hex");
  if (digest === plan.desired_state.digest) return undefined;
  return `${file} changed since the plan was made from it (sha256 ${short(plan.desired_state.digest)}… then, ${short(digest)}… now)`;
}
