/**
 * Management policies applied to the providers' raw changes: observe-only resources never write, deletes need an
 * explicit opt-in, and the blast-radius guard refuses plans that would delete too much of what regionsync owns.
 */
import type { Change } from "../core/plan.js";
import type { Instance } from "../core/types.js";
import { plural } from "../core/words.js";
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

/** "12 monitors and 2 environments": what a list of deletes removes, object by object or entry by entry. */
export function describeDeletes(deletes: readonly Change[]): string {
  const counts = new Map<string, { n: number; objects: Set<string>; kind: string; unit?: string }>();
  for (const c of deletes) {
    const key = `${c.kind}\u0000${c.delete_unit ?? ""}`;
    const group = counts.get(key) ?? { n: 0, objects: new Set(), kind: c.kind, unit: c.delete_unit };
    group.n += c.delete_count ?? 1;
    group.objects.add(`${c.account}/${c.object}`);
    counts.set(key, group);
  }
  const parts = [...counts.values()].map((g) =>
    g.unit ? `${plural(g.n, g.unit)} in ${plural(g.objects.size, g.kind)}` : plural(g.n, g.kind),
  );
  return parts.length <= 1 ? (parts[0] ?? "nothing") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/**
 * Returns why the plan is refused, or undefined when its deletes are within bounds. Whole objects (monitors,
 * environments, applications regionsync created): at most `max_deletes` in the plan. Entries removed from objects
 * (URLs): up to `max_deletes` per account and kind freely, beyond that at most `max_delete_percent` of the entries
 * regionsync owns there. A region can leave a handful of objects with --allow-delete alone; a plan that strips most
 * of a tenant's URLs or deletes dozens of monitors needs --override-blast-radius.
 */
export function blastRadius(
  changes: Change[],
  owned: Map<string, Record<string, number>>,
  policy: DeletePolicy,
): string | undefined {
  if (policy.overrideBlastRadius) return undefined;
  const proceed = "review it and pass --override-blast-radius to proceed";
  const deletes = changes.filter((c) => c.status === "pending" && c.action === "delete");
  const objects = deletes.filter((c) => !c.delete_unit);
  const total = objects.reduce((n, c) => n + (c.delete_count ?? 1), 0);
  if (total > policy.maxDeletes) {
    const all = new Set(objects.map((c) => c.kind)).size > 1 ? ` (${total} objects)` : "";
    return `the plan deletes ${describeDeletes(objects)}${all}, more than blast_radius.max_deletes (${policy.maxDeletes}); ${proceed}`;
  }
  const groups = new Map<string, Change[]>();
  for (const c of deletes.filter((d) => d.delete_unit)) {
    const key = `${c.account}\u0000${c.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const group of groups.values()) {
    const { account, kind, delete_unit: unit = "entry" } = group[0]!;
    const count = group.reduce((n, c) => n + (c.delete_count ?? 1), 0);
    const ownedCount = owned.get(account)?.[kind] ?? 0;
    if (count <= policy.maxDeletes || ownedCount === 0) continue;
    const percent = (count / ownedCount) * 100;
    if (percent > policy.maxDeletePercent) {
      return `the plan removes ${describeDeletes(group)} from account '${account}', ${percent.toFixed(0)}% of the ${plural(ownedCount, unit)} regionsync owns there: more than blast_radius.max_deletes (${policy.maxDeletes}) and max_delete_percent (${policy.maxDeletePercent}%); ${proceed}`;
    }
  }
  return undefined;
}
