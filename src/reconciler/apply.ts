/**
 * Applies a plan's pending changes: at most `concurrency` targets at once per account (the file's setting, else the
 * provider's own, else 4); changes to one target run in
 * plan order. A failure skips the later changes to the same vendor object only: objects that merely share a target
 * (a ledger they both record in) are independent.
 */
import { boundRefsIn, refLabel } from "../core/outputs.js";
import type { Change, ChangeResult, Plan } from "../core/plan.js";
import { objectTarget } from "../core/plan.js";
import { mapLimit } from "../core/retry.js";
import type { Account, Logger } from "../core/types.js";
import { checkPayload, kindOf } from "./kinds.js";
import { waves } from "./outputs.js";
import type { ProgressEvent } from "./plan.js";
import type { SessionPool } from "./session-pool.js";

export interface ApplyReport {
  results: ChangeResult[];
  ok: boolean;
}

/** Targets applied at once per account when neither the file nor the provider says. */
const DEFAULT_CONCURRENCY = 4;

export interface ApplyOptions {
  /** The file's `settings.concurrency`: overrides every provider's own. */
  concurrency?: number;
  logger: Logger;
  onProgress?: (event: ProgressEvent) => void;
  /** On abort (SIGTERM), changes in flight finish and no new one starts. */
  signal?: AbortSignal;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function applyRun(
  plan: Plan,
  accounts: Account[],
  pool: SessionPool,
  opts: ApplyOptions,
): Promise<ApplyReport> {
  // A manual change is for a person; there is nothing to send.
  const pending = plan.changes.filter((c) => c.status === "pending" && c.action !== "manual");
  const byAccount = new Map<string, Map<string, Change[]>>();
  for (const c of pending) {
    const targets = byAccount.get(c.account) ?? new Map<string, Change[]>();
    targets.set(c.target, [...(targets.get(c.target) ?? []), c]);
    byAccount.set(c.account, targets);
  }
  let done = 0;
  const results: ChangeResult[] = [];
  const record = (change: Change, result: ChangeResult) => {
    results.push(result);
    opts.logger[result.status === "failed" ? "error" : "info"]("change applied", {
      change: change.id,
      action: change.action,
      status: result.status,
      ...(result.message ? { detail: result.message } : {}),
    });
    opts.onProgress?.({ phase: "apply", done: ++done, total: pending.length, label: change.name });
  };
  // Accounts whose outputs others use are applied first: a new application's client id exists before it is used.
  const store = pool.outputs;
  const dependencies = (name: string) =>
    new Set([
      ...store.dependencies(name),
      ...[...(byAccount.get(name)?.values() ?? [])]
        .flat()
        .flatMap((c) => boundRefsIn(c.payload).flatMap((r) => store.producerOf(r)?.account ?? [])),
    ]);
  for (const wave of waves([...byAccount.keys()], dependencies)) {
    await Promise.all(wave.map((name) => applyAccount(name, byAccount.get(name)!)));
  }
  return { results, ok: results.every((r) => r.status !== "failed") };

  async function applyAccount(name: string, targets: Map<string, Change[]>) {
    const all = [...targets.values()].flat();
    const account = accounts.find((a) => a.name === name);
    if (!account) {
      for (const c of all) record(c, { changeId: c.id, status: "failed", message: `unknown account '${name}'` });
      return;
    }
    let session: unknown;
    try {
      session = await pool.get(account);
    } catch (error) {
      const message = `connect failed: ${messageOf(error)}`;
      for (const c of all) record(c, { changeId: c.id, status: "failed", message });
      return;
    }
    const concurrency = opts.concurrency ?? pool.provider(account.provider).concurrency ?? DEFAULT_CONCURRENCY;
    await mapLimit([...targets.values()], concurrency, async (list) => {
      const failedObjects = new Set<string>();
      for (const change of list) {
        const result = await applyOne(change, session, pool, failedObjects, opts);
        if (result.status === "failed") failedObjects.add(objectTarget(change));
        record(change, result);
      }
    });
  }
}

async function applyOne(
  change: Change,
  session: unknown,
  pool: SessionPool,
  failedObjects: ReadonlySet<string>,
  opts: ApplyOptions,
): Promise<ChangeResult> {
  const skipped = (message: string): ChangeResult => ({ changeId: change.id, status: "skipped", message });
  if (failedObjects.has(objectTarget(change))) return skipped("an earlier change to the same object failed");
  if (opts.signal?.aborted) return skipped("shutting down: not started");
  const checked = checkPayload(pool.providers, change);
  if ("error" in checked) return { changeId: change.id, status: "failed", message: checked.error };
  for (const ref of boundRefsIn(change.payload)) {
    const input = pool.outputs.inputs.get(ref);
    if (!input.known)
      return skipped(`its input ${refLabel(ref)} is not available${input.failed ? `: ${input.failed}` : ""}`);
  }
  try {
    const kind = kindOf(pool.providers, change);
    const { outputs, ...outcome } = await kind.apply(session, checked.change, pool.outputs.inputs);
    if (outputs) {
      for (const [name, value] of Object.entries(outputs)) if (kind.outputs?.names[name]?.sensitive) pool.secret(value);
      pool.outputs.written(change, outputs);
    }
    return { changeId: change.id, status: "applied", ...outcome };
  } catch (error) {
    return { changeId: change.id, status: "failed", message: messageOf(error) };
  }
}
