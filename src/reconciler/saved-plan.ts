/**
 * Saved plans: `plan --out FILE` then `apply FILE` applies exactly the reviewed changes, and refuses when what they
 * were computed from has changed since: the desired-state file, or the vendor state behind any change (its basis).
 */
import type { Provider } from "../core/kind.js";
import type { Plan } from "../core/plan.js";
import { checkPayload } from "./kinds.js";

export interface Staleness {
  stale: boolean;
  reasons: string[];
}

export function checkSavedPlan(saved: Plan, fresh: Plan, currentDigest: string): Staleness {
  const reasons: string[] = [];
  if (saved.desired_state.digest !== currentDigest) {
    reasons.push(`${saved.desired_state.file} changed since the plan was saved`);
  }
  const freshById = new Map(fresh.changes.map((c) => [c.id, c]));
  for (const change of saved.changes) {
    if (change.status !== "pending") continue;
    const now = freshById.get(change.id);
    if (!now) {
      reasons.push(
        `${change.provider} ${change.kind} "${change.name}": no longer needs this ${change.action} (changed by someone else, or already applied)`,
      );
    } else if (now.basis !== change.basis) {
      reasons.push(
        `${change.provider} ${change.kind} "${change.name}": the vendor object changed since the plan was saved`,
      );
    }
  }
  return { stale: reasons.length > 0, reasons };
}

/**
 * What makes a saved plan unusable before any vendor is contacted: a change of a provider or kind this regionsync does
 * not have, or a payload its kind's schema refuses (a plan file edited by hand).
 */
export function savedPlanProblems(plan: Plan, providers: ReadonlyMap<string, Provider>): string[] {
  return plan.changes
    .filter((c) => c.status === "pending" && c.action !== "manual")
    .flatMap((c) => {
      const checked = checkPayload(providers, c);
      return "error" in checked ? [checked.error] : [];
    });
}
