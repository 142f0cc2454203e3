/**
 * One account's observe and plan, dispatched by kind: every kind of the account's provider observes its instances
 * (read-only), then plans (pure). The engine, not the provider, turns each draft into a change with its id and target.
 */
import type { ChangeDraft, Kind, KindObservation } from "../core/kind.js";
import { type Inputs, noInputs } from "../core/outputs.js";
import { type Change, changeId, objectTarget } from "../core/plan.js";
import type { Account, Diagnostic, Instance, Logger } from "../core/types.js";
import type { SessionPool } from "./session-pool.js";

/** A change as planned, before policies decide its status. */
export type RawChange = Omit<Change, "status" | "held_reason">;

export interface AccountOutcome {
  account: Account;
  /** Nothing could be observed: every resource of the account is unknown, so its coverage cells show an error. */
  failed?: boolean;
  changes: RawChange[];
  diagnostics: Diagnostic[];
  /** Owned objects per kind: the blast-radius denominator. */
  owned: Record<string, number>;
}

export function completeChange(provider: string, account: string, kind: string, draft: ChangeDraft): RawChange {
  const { policy, target, ...rest } = draft;
  const base = { ...rest, provider, account, kind, policy: policy ?? "manage" };
  return { ...base, id: changeId(base), target: target ?? objectTarget(base) };
}

/** How an account is linked to others through output references. */
export interface AccountLinks {
  /** Outputs of other accounts that this account's instances use (ready before plan). */
  inputs: Inputs;
  /** Called after observe and before plan: reads what other accounts want from this one. */
  publish(session: unknown, observed: ReadonlyMap<Kind, KindObservation<unknown>>): Promise<void>;
  /** Called when nothing could be observed: what others want from this account is unavailable. */
  unavailable(reason: string): void;
}

export async function observeAndPlan(
  account: Account,
  instances: Instance[],
  pool: SessionPool,
  logger: Logger,
  links: AccountLinks = { inputs: noInputs, publish: async () => {}, unavailable: () => {} },
): Promise<AccountOutcome> {
  const provider = pool.provider(account.provider);
  const fail = (stage: string, error: unknown): AccountOutcome => {
    const message = error instanceof Error ? error.message : String(error);
    // `reported`: the plan carries it as a diagnostic, so a terminal shows it there only.
    logger.error("account failed", {
      account: account.name,
      provider: provider.name,
      stage,
      error: message,
      reported: true,
    });
    links.unavailable(`${provider.name} account '${account.name}': ${stage} failed`);
    return {
      account,
      failed: true,
      changes: [],
      owned: {},
      diagnostics: [
        {
          severity: "error",
          code: "account-failed",
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
  const ofKind = (kind: Kind) => instances.filter((i) => i.kind === kind.kind);
  let observed: KindObservation<unknown>[];
  try {
    // Every kind's reads finish before a failure is reported: a command never returns with a request in flight.
    const settled = await Promise.allSettled(
      provider.kinds.map((kind) => kind.observe(session, ofKind(kind), links.inputs)),
    );
    const failed = settled.find((s) => s.status === "rejected");
    if (failed) throw failed.reason;
    observed = settled.map((s) => (s as PromiseFulfilledResult<KindObservation<unknown>>).value);
    await links.publish(session, new Map(provider.kinds.map((kind, index) => [kind, observed[index]!])));
    await links.inputs.ready();
  } catch (error) {
    return fail("observe", error);
  }
  const outcome: AccountOutcome = { account, changes: [], diagnostics: [], owned: {} };
  const ids = new Set<string>();
  try {
    provider.kinds.forEach((kind, index) => {
      const observation = observed[index]!;
      outcome.owned[kind.kind] = observation.owned;
      outcome.diagnostics.push(...observation.diagnostics);
      const planned = kind.plan(ofKind(kind), observation, account.name, links.inputs);
      outcome.diagnostics.push(...planned.diagnostics);
      for (const draft of planned.changes) {
        const change = completeChange(provider.name, account.name, kind.kind, draft);
        if (ids.has(change.id)) {
          outcome.diagnostics.push({
            severity: "error",
            code: "duplicate-change",
            message: `two planned changes have the id ${change.id}; the second is dropped`,
            hint: "this is a bug in the provider: please report it with the plan",
          });
          continue;
        }
        ids.add(change.id);
        outcome.changes.push(change);
      }
    });
  } catch (error) {
    return fail("plan", error);
  }
  return outcome;
}
