/** Observes and plans every account in scope, then applies policies. Reads only: nothing here can write. */
import type { DesiredState } from "../core/desired-state.js";
import type { Provider } from "../core/kind.js";
import { type Change, PLAN_FORMAT_VERSION, type Plan, summarize } from "../core/plan.js";
import type { Diagnostic, Env, Logger } from "../core/types.js";
import { buildCoverage, coverageColumns } from "./coverage.js";
import { holdWaiting, linksFor, unavailableInputs, withProducers } from "./links.js";
import { type AccountOutcome, observeAndPlan, type RawChange } from "./observe.js";
import { applyPolicies, blastRadius, type DeletePolicy } from "./policies.js";
import { preflight } from "./preflight.js";
import type { SessionPool } from "./session-pool.js";

export interface ProgressEvent {
  phase: "observe" | "apply";
  done: number;
  total: number;
  label: string;
}

export interface EngineOptions {
  providers: ReadonlyMap<string, Provider>;
  env: Env;
  logger: Logger;
  now?: () => Date;
  only?: string[];
  region?: string;
  allowDelete?: boolean;
  overrideBlastRadius?: boolean;
  onProgress?: (event: ProgressEvent) => void;
}

/** Which accounts and declarations a run covers after `--only` and `--region`. */
export function scopeOf(state: DesiredState, opts: Pick<EngineOptions, "only" | "region">) {
  const providerSelected = (name: string) => !opts.only || opts.only.includes(name);
  const accounts = state.accounts.filter((a) => providerSelected(a.provider));
  const declarations = state.declarations.filter(
    (d) => providerSelected(d.provider) && (!opts.region || d.regions.includes(opts.region)),
  );
  return { accounts, declarations };
}

function inRegionScope(change: RawChange, region: string | undefined, regionAccounts: Set<string>): boolean {
  if (!region) return true;
  if (change.regions.length > 0) return change.regions.includes(region);
  return regionAccounts.has(change.account);
}

export async function planRun(state: DesiredState, opts: EngineOptions, pool: SessionPool): Promise<Plan> {
  const now = opts.now ?? (() => new Date());
  const { accounts: inScope, declarations } = scopeOf(state, opts);
  pool.outputs.register(state.instances);
  // Accounts whose outputs the scope uses are observed too (their own changes are not part of this plan).
  const accounts = withProducers(inScope, state.accounts, pool.outputs);
  const scoped = new Set(inScope.map((a) => a.name));
  let done = 0;
  const byName = new Map<string, AccountOutcome>();
  const names = accounts.map((a) => a.name);
  // Side by side: an account that uses another's outputs waits for them inside observe (`Inputs.ready`), not before.
  await Promise.all(
    accounts.map(async (account) => {
      const instances = state.instances.filter((i) => i.account === account.name);
      const links = linksFor(account, new Set(names), pool, opts.logger);
      const outcome = await observeAndPlan(account, instances, pool, opts.logger, links);
      opts.onProgress?.({ phase: "observe", done: ++done, total: accounts.length, label: account.name });
      opts.logger.info("observed account", {
        account: account.name,
        provider: account.provider,
        changes: outcome.changes.length,
      });
      byName.set(account.name, scoped.has(account.name) ? outcome : { ...outcome, changes: [], owned: {} });
    }),
  );
  const outcomes = names.map((n) => byName.get(n)!);

  const regionAccounts = new Set(state.instances.filter((i) => i.region === opts.region).map((i) => i.account));
  const rawChanges = outcomes.flatMap((o) => o.changes).filter((c) => inRegionScope(c, opts.region, regionAccounts));
  const deletePolicy: DeletePolicy = {
    allowDelete: opts.allowDelete ?? state.settings.allow_delete,
    maxDeletes: state.settings.blast_radius.max_deletes,
    maxDeletePercent: state.settings.blast_radius.max_delete_percent,
    overrideBlastRadius: opts.overrideBlastRadius ?? false,
  };
  const diagnostics = outcomes.flatMap((o) => o.diagnostics);
  diagnostics.push(
    ...unavailableInputs(
      pool.outputs,
      state.instances.filter((i) => scoped.has(i.account)),
    ),
  );
  let changes = applyPolicies(rawChanges, state.instances, deletePolicy);
  diagnostics.push(...(await preflight(changes, state.accounts, pool, opts.logger)));
  changes = holdWaiting(holdInvalid(changes, diagnostics), pool.outputs);

  const owned = new Map(outcomes.map((o) => [o.account.name, o.owned]));
  const refusal = blastRadius(changes, owned, deletePolicy);
  if (refusal) diagnostics.push({ severity: "error", code: "blast-radius", message: `blast-radius guard: ${refusal}` });

  // Every declared region has a column, one that nothing serves included: the gap is what it shows.
  const columns = coverageColumns(declarations, opts.region ? [opts.region] : state.regions.map((r) => r.name));
  const failed = new Set(outcomes.filter((o) => o.failed).map((o) => o.account.name));
  return {
    format_version: PLAN_FORMAT_VERSION,
    created_at: now().toISOString(),
    desired_state: { file: state.file, digest: state.digest },
    scope: { ...(opts.only ? { only: opts.only } : {}), ...(opts.region ? { region: opts.region } : {}) },
    regions: columns,
    coverage: buildCoverage(declarations, columns, state.instances, changes, diagnostics, failed),
    changes,
    diagnostics,
    summary: summarize(changes, diagnostics.filter((d) => d.severity === "error").length),
    ...(refusal ? { refusal } : {}),
  };
}

/** A change that failed vendor-side validation is not applied; every other change still is. */
function holdInvalid(changes: Change[], diagnostics: Diagnostic[]): Change[] {
  const invalid = new Map<string, string>();
  for (const d of diagnostics) if (d.severity === "error" && d.change) invalid.set(d.change, d.message);
  if (invalid.size === 0) return changes;
  return changes.map((c) =>
    invalid.has(c.id) && c.status === "pending" ? { ...c, status: "held", held_reason: invalid.get(c.id) } : c,
  );
}
