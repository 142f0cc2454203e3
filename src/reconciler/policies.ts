/**
 * Management policies applied to the providers' raw changes: observe-only resources never write, deletes need an
 * explicit opt-in, and the blast-radius guard refuses plans that would delete too much of what regionsync owns.
 */
import type { Change } from "../core/plan.js";
import type { Instance } from "../core/types.js";
import type { RawChange } from "./observe.js";

export interface DeletePolicy {
  /** `--allow-delete` or `settings.allow_delete`. */
  allowDelete: boolean;
  maxDeletes: number;
  maxDeletePercent: number;
  /** `--override-blast-radius`. */
  overrideBlastRadius: boolean;
}

export function applyPolicies(changes: RawChange[], instances: Instance[], policy: DeletePolicy): Change[] {
  const byDeclaration = new Map<string, Instance[]>();
  for (const i of instances) {
    const list = byDeclaration.get(i.declaration) ?? [];
    list.push(i);
    byDeclaration.set(i.declaration, list);
  }
  return changes.map((change): Change => {
    const mine = change.declarations.flatMap((d) =>
      (byDeclaration.get(d) ?? []).filter((i) => i.account === change.account),
    );
    const observed = change.policy === "observe" || (mine.length > 0 && mine.every((i) => i.policy === "observe"));
    if (observed) return { ...change, policy: "observe", status: "observe-only" };
    if (change.action === "delete") {
      // A declaration's allow_delete covers what it owns in every account, including one its regions no longer reach.
      const declared = change.declarations.flatMap((d) => byDeclaration.get(d) ?? []);
      const optedIn = policy.allowDelete || declared.some((i) => i.allowDelete);
      if (!optedIn) {
        return {
          ...change,
          status: "held",
          held_reason: "deletes are not allowed: pass --allow-delete or set allow_delete: true on the resource",
        };
      }
    }
    return { ...change, status: "pending" };
  });
}

/** Returns why the plan is refused, or undefined when its deletes are within bounds. */
export function blastRadius(
  changes: Change[],
  owned: Map<string, Record<string, number>>,
  policy: DeletePolicy,
): string | undefined {
  if (policy.overrideBlastRadius) return undefined;
  const deletes = changes.filter((c) => c.status === "pending" && c.action === "delete");
  const total = deletes.reduce((n, c) => n + (c.delete_count ?? 1), 0);
  if (total > policy.maxDeletes) {
    return `the plan deletes ${total} owned objects, more than blast_radius.max_deletes (${policy.maxDeletes}); review it and pass --override-blast-radius to proceed`;
  }
  const perKind = new Map<string, number>();
  for (const c of deletes)
    perKind.set(
      `${c.account}\u0000${c.kind}`,
      (perKind.get(`${c.account}\u0000${c.kind}`) ?? 0) + (c.delete_count ?? 1),
    );
  for (const [key, count] of perKind) {
    const [account, kind] = key.split("\u0000") as [string, string];
    const ownedCount = owned.get(account)?.[kind] ?? 0;
    if (ownedCount === 0) continue;
    const percent = (count / ownedCount) * 100;
    if (percent > policy.maxDeletePercent) {
      return `the plan deletes ${count} of ${ownedCount} owned ${kind} objects in account '${account}' (${percent.toFixed(0)}%), more than blast_radius.max_delete_percent (${policy.maxDeletePercent}%); review it and pass --override-blast-radius to proceed`;
    }
  }
  return undefined;
}
