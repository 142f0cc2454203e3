/**
 * The reconcile loop, knowing no vendor: observe every account through its provider, plan, apply policies, and
 * (separately) apply a plan. Each step is a small function; failures of one account never stop another.
 */
import type { DesiredState } from "../core/desired-state.js";
import { mapLimit } from "../core/retry.js";
import type { Account, Change, ChangeResult, Diagnostic, Env, Instance, Logger, Provider } from "../core/types.js";
import { buildCoverage, coverageColumns } from "./coverage.js";
import type { Plan, PlannedChange } from "./plan-types.js";
import { summarize } from "./plan-types.js";
import { applyPolicies, blastRadius } from "./policies.js";

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

/** Connected provider sessions, one per account, opened on first use and closed together. */
export class SessionPool {
  private readonly sessions = new Map<string, { provider: Provider; session: Promise<unknown> }>();

  constructor(
    private readonly providers: ReadonlyMap<string, Provider>,
    private readonly env: Env,
    private readonly logger: Logger,
  ) {}

  get(account: Account): Promise<unknown> {
    let entry = this.sessions.get(account.name);
    if (!entry) {
      const provider = this.provider(account);
      entry = { provider, session: provider.connect({ account, env: this.env, logger: this.logger }) };
      this.sessions.set(account.name, entry);
    }
    return entry.session;
  }

  provider(account: Account): Provider {
    const provider = this.providers.get(account.provider);
    if (!provider) throw new Error(`no provider '${account.provider}'`);
    return provider;
  }

  async close(): Promise<void> {
    const entries = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(
      entries.map(async ({ provider, session }) => {
        const opened = await session.catch(() => undefined);
        if (opened !== undefined && provider.close) await provider.close(opened);
      }),
    );
  }
}

/** Which instances, accounts and declarations a run covers after `--only` and `--region`. */
export function scopeOf(state: DesiredState, opts: Pick<EngineOptions, "only" | "region">) {
  const providerSelected = (name: string) => !opts.only || opts.only.includes(name);
  const accounts = state.accounts.filter((a) => providerSelected(a.provider));
  const declarations = state.declarations.filter(
    (d) => providerSelected(d.provider) && (!opts.region || d.regions.includes(opts.region)),
  );
  return { accounts, declarations };
}

function inRegionScope(change: Change, region: string | undefined, regionAccounts: Set<string>): boolean {
  if (!region) return true;
  if (change.regions.length > 0) return change.regions.includes(region);
  return regionAccounts.has(change.account);
}

interface AccountOutcome {
  account: Account;
  /** Nothing could be observed: every resource of the account is unknown, so its coverage cells show an error. */
  failed?: boolean;
  changes: Change[];
  diagnostics: Diagnostic[];
  owned: Record<string, number>;
}

async function observeAndPlan(
  account: Account,
  instances: Instance[],
  pool: SessionPool,
  logger: Logger,
): Promise<AccountOutcome> {
  const provider = pool.provider(account);
  const fail = (stage: string, error: unknown): AccountOutcome => {
    const message = error instanceof Error ? error.message : String(error);
    logger.error("account failed", { account: account.name, provider: provider.name, stage, error: message });
    return {
      account,
      failed: true,
      changes: [],
      owned: {},
      diagnostics: [
        {
          severity: "error",
          message: `${provider.name} account '${account.name}': ${stage} failed: ${message}`,
          hint: "check the account's endpoint and credentials; nothing was written to it",
          at: account.at,
        },
      ],
    };
  };
  let session: unknown;
  try {
    session = await pool.get(account);
  } catch (error) {
    return fail("connect", error);
  }
  let observation: Awaited<ReturnType<Provider["observe"]>>;
  try {
    observation = await provider.observe(session, instances);
  } catch (error) {
    return fail("observe", error);
  }
  let planned: ReturnType<Provider["plan"]>;
  try {
    planned = provider.plan(instances, observation);
  } catch (error) {
    return fail("plan", error);
  }
  const diagnostics = [...observation.diagnostics, ...planned.diagnostics];
  return { account, changes: planned.changes, diagnostics, owned: observation.owned };
}

/** Observes and plans. Reads only: nothing here can write to a vendor. */
export async function planRun(state: DesiredState, opts: EngineOptions, pool: SessionPool): Promise<Plan> {
  const now = opts.now ?? (() => new Date());
  const { accounts, declarations } = scopeOf(state, opts);
  let done = 0;
  const outcomes = await Promise.all(
    accounts.map(async (account) => {
      const instances = state.instances.filter((i) => i.account === account.name);
      const outcome = await observeAndPlan(account, instances, pool, opts.logger);
      opts.onProgress?.({ phase: "observe", done: ++done, total: accounts.length, label: account.name });
      opts.logger.info("observed account", {
        account: account.name,
        provider: account.provider,
        changes: outcome.changes.length,
      });
      return outcome;
    }),
  );

  const regionAccounts = new Set(state.instances.filter((i) => i.region === opts.region).map((i) => i.account));
  const rawChanges = outcomes.flatMap((o) => o.changes).filter((c) => inRegionScope(c, opts.region, regionAccounts));
  const deletePolicy = {
    allowDelete: opts.allowDelete ?? state.settings.allow_delete,
    maxDeletes: state.settings.blast_radius.max_deletes,
    maxDeletePercent: state.settings.blast_radius.max_delete_percent,
    overrideBlastRadius: opts.overrideBlastRadius ?? false,
  };
  let changes = applyPolicies(rawChanges, state.instances, deletePolicy);
  const diagnostics = outcomes.flatMap((o) => o.diagnostics);

  diagnostics.push(...(await preflight(changes, state.accounts, pool, opts.logger)));
  changes = blockInvalid(changes, diagnostics);

  const owned = new Map(outcomes.map((o) => [o.account.name, o.owned]));
  const refusal = blastRadius(changes, owned, deletePolicy);
  if (refusal) diagnostics.push({ severity: "error", message: `blast-radius guard: ${refusal}` });

  const regionOrder = opts.region ? [opts.region] : state.regions.map((r) => r.name);
  const columns = coverageColumns(declarations, regionOrder);
  return {
    createdAt: now().toISOString(),
    desiredState: { file: state.file, digest: state.digest },
    regions: columns,
    coverage: buildCoverage(
      declarations,
      columns,
      state.instances,
      changes,
      diagnostics,
      new Set(outcomes.filter((o) => o.failed).map((o) => o.account.name)),
    ),
    changes,
    diagnostics,
    summary: summarize(changes, diagnostics),
    refusal,
    scope: { only: opts.only, region: opts.region },
  };
}

async function preflight(
  changes: PlannedChange[],
  accounts: Account[],
  pool: SessionPool,
  logger: Logger,
): Promise<Diagnostic[]> {
  const byAccount = new Map<string, PlannedChange[]>();
  for (const c of changes) {
    if (c.status !== "pending") continue;
    byAccount.set(c.account, [...(byAccount.get(c.account) ?? []), c]);
  }
  const results = await Promise.all(
    [...byAccount.entries()].map(async ([name, list]) => {
      const account = accounts.find((a) => a.name === name);
      if (!account) return [];
      const provider = pool.provider(account);
      if (!provider.preflight) return [];
      try {
        return await provider.preflight(await pool.get(account), list);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        logger.error("preflight failed", { account: name, error: message });
        return [
          { severity: "error" as const, message: `account '${name}': vendor-side validation failed: ${message}` },
        ];
      }
    }),
  );
  return results.flat();
}

/** A change that failed vendor-side validation is not applied; every other change still is. */
function blockInvalid(changes: PlannedChange[], diagnostics: Diagnostic[]): PlannedChange[] {
  const invalid = new Map<string, string>();
  for (const d of diagnostics) if (d.severity === "error" && d.change) invalid.set(d.change, d.message);
  if (invalid.size === 0) return changes;
  return changes.map((c) =>
    invalid.has(c.id) && c.status === "pending" ? { ...c, status: "held", heldReason: invalid.get(c.id) } : c,
  );
}

export interface ApplyReport {
  results: ChangeResult[];
  ok: boolean;
}

/**
 * Applies the plan's pending changes: at most `concurrency` targets at once per account; changes to one target run in
 * plan order, and a failure skips the rest of that target only.
 */
export async function applyRun(
  plan: Plan,
  accounts: Account[],
  pool: SessionPool,
  opts: {
    concurrency: number;
    logger: Logger;
    onProgress?: (event: ProgressEvent) => void;
    /** On abort (SIGTERM), changes in flight finish and no new one starts. */
    signal?: AbortSignal;
  },
): Promise<ApplyReport> {
  // A manual change is for a person; there is nothing to send.
  const pending = plan.changes.filter((c) => c.status === "pending" && c.action !== "manual");
  const byAccount = new Map<string, Map<string, PlannedChange[]>>();
  for (const c of pending) {
    const targets = byAccount.get(c.account) ?? new Map<string, PlannedChange[]>();
    const target = c.target ?? `${c.account}/${c.kind}/${c.name}`;
    targets.set(target, [...(targets.get(target) ?? []), c]);
    byAccount.set(c.account, targets);
  }
  let done = 0;
  const results: ChangeResult[] = [];
  await Promise.all(
    [...byAccount.entries()].map(async ([name, targets]) => {
      const account = accounts.find((a) => a.name === name);
      if (!account) {
        for (const list of targets.values())
          for (const c of list)
            results.push({ changeId: c.id, status: "failed", message: `unknown account '${name}'` });
        return;
      }
      const provider = pool.provider(account);
      let session: unknown;
      try {
        session = await pool.get(account);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        for (const list of targets.values())
          for (const c of list)
            results.push({ changeId: c.id, status: "failed", message: `connect failed: ${message}` });
        return;
      }
      await mapLimit([...targets.values()], opts.concurrency, async (list) => {
        let failed = false;
        for (const change of list) {
          let result: ChangeResult;
          if (failed) {
            result = { changeId: change.id, status: "skipped", message: "an earlier change to the same object failed" };
          } else if (opts.signal?.aborted) {
            result = { changeId: change.id, status: "skipped", message: "shutting down: not started" };
          } else {
            try {
              result = await provider.apply(session, change);
            } catch (error) {
              result = {
                changeId: change.id,
                status: "failed",
                message: error instanceof Error ? error.message : String(error),
              };
            }
          }
          if (result.status === "failed") failed = true;
          results.push(result);
          opts.logger[result.status === "failed" ? "error" : "info"]("change applied", {
            change: change.id,
            action: change.action,
            status: result.status,
            ...(result.message ? { detail: result.message } : {}),
          });
          opts.onProgress?.({ phase: "apply", done: ++done, total: pending.length, label: change.name });
        }
      });
    }),
  );
  return { results, ok: results.every((r) => r.status !== "failed") };
}
