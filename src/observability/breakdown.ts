/**
 * A plan and its apply results, counted per provider, account and region for the metrics, and listed by name for
 * notices. Every instance the run covered gets its scope, so a region in sync reports zeros rather than nothing.
 */
import { createHash } from "node:crypto";
import { type Change, type ChangeResult, changeActions, maskDiff, type Plan } from "../core/plan.js";
import type { Instance } from "../core/types.js";
import type { ChangeNote, ScopeCounts } from "./summary.js";

export const GLOBAL_REGION = "global";

const key = (provider: string, account: string, region: string) => `${provider}\u0000${account}\u0000${region}`;
const regionsOf = (c: Change) => (c.regions.length > 0 ? c.regions : [GLOBAL_REGION]);

/** The instances a plan covered: its `--only` providers and `--region`. */
function inScope(plan: Plan, instances: readonly Instance[]): Instance[] {
  const { only, region } = plan.scope;
  return instances.filter((i) => (!only || only.includes(i.provider)) && (!region || i.region === region));
}

export function scopeCounts(plan: Plan, instances: readonly Instance[], results: ChangeResult[] = []): ScopeCounts[] {
  const scopes = new Map<string, ScopeCounts>();
  const scope = (provider: string, account: string, region: string) => {
    const k = key(provider, account, region);
    let s = scopes.get(k);
    if (!s) {
      const changes = Object.fromEntries(changeActions.map((a) => [a, 0])) as ScopeCounts["changes"];
      s = { provider, account, region, drift: 0, changes, applied: 0, failed: 0, errors: 0 };
      scopes.set(k, s);
    }
    return s;
  };
  const covered = inScope(plan, instances);
  for (const i of covered) scope(i.provider, i.account, i.region ?? GLOBAL_REGION);
  const byId = new Map(plan.changes.map((c) => [c.id, c]));
  for (const c of plan.changes) {
    for (const r of regionsOf(c)) {
      const s = scope(c.provider, c.account, r);
      s.drift++;
      s.changes[c.action]++;
    }
  }
  for (const result of results) {
    const c = byId.get(result.changeId);
    if (!c || result.status === "skipped") continue;
    for (const r of regionsOf(c)) scope(c.provider, c.account, r)[result.status]++;
  }
  // A coverage cell in error is one resource in one region; its instance names the account.
  for (const row of plan.coverage) {
    for (const [column, cell] of Object.entries(row.cells)) {
      if (cell !== "error") continue;
      const region = column === "*" ? null : column;
      for (const i of covered) {
        if (i.declaration === row.declaration && i.region === region) {
          scope(i.provider, i.account, region ?? GLOBAL_REGION).errors++;
        }
      }
    }
  }
  for (const d of plan.diagnostics) {
    const c = d.severity === "error" && d.change ? byId.get(d.change) : undefined;
    if (c) for (const r of regionsOf(c)) scope(c.provider, c.account, r).errors++;
  }
  return [...scopes.values()];
}

export function changeNotes(plan: Plan, results: ChangeResult[] = []): ChangeNote[] {
  const outcome = new Map(results.map((r) => [r.changeId, r.status]));
  return plan.changes.map((c) => ({
    id: c.id,
    provider: c.provider,
    account: c.account,
    kind: c.kind,
    name: c.name,
    action: c.action,
    regions: c.regions,
    state: outcome.get(c.id) ?? c.status,
    digest: createHash("sha256")
      .update(JSON.stringify([c.status, c.diffs.map(maskDiff)]))
      .digest("hex")
      .slice(0, 16),
  }));
}
