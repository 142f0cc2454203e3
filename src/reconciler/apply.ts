/**
 * Applies a plan's pending changes: at most `concurrency` targets at once per account (the file's setting, else the
 * provider's own, else 4); changes to one target run in
 * plan order. A failure skips the later changes to the same vendor object only: objects that merely share a target
 * (a ledger they both record in) are independent.
 */
import type { Change, ChangeResult, Plan } from "../core/plan.js";
import { objectTarget } from "../core/plan.js";
import { mapLimit } from "../core/retry.js";
import type { Account, Logger } from "../core/types.js";
import { checkPayload, kindOf } from "./kinds.js";
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
  await Promise.all(
    [...byAccount.entries()].map(async ([name, targets]) => {
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
          const result = await applyOne(change, session, pool, failedObjects, opts.signal);
          if (result.status === "failed") failedObjects.add(objectTarget(change));
          record(change, result);
        }
      });
    }),
  );
  return { results, ok: results.every((r) => r.status !== "failed") };
}

async function applyOne(
  change: Change,
  session: unknown,
  pool: SessionPool,
  failedObjects: ReadonlySet<string>,
  signal: AbortSignal | undefined,
): Promise<ChangeResult> {
  const skipped = (message: string): ChangeResult => ({ changeId: change.id, status: "skipped", message });
  if (failedObjects.has(objectTarget(change))) return skipped("an earlier change to the same object failed");
  if (signal?.aborted) return skipped("shutting down: not started");
  const checked = checkPayload(pool.providers, change);
  if ("error" in checked) return { changeId: change.id, status: "failed", message: checked.error };
  try {
    const outcome = await kindOf(pool.providers, change).apply(session, checked.change);
    return { changeId: change.id, status: "applied", ...outcome };
  } catch (error) {
    return { changeId: change.id, status: "failed", message: messageOf(error) };
  }
}
