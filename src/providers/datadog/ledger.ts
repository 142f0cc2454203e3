/**
 * The ledger: regionsync's bookkeeping inside the Datadog org itself, so runs from a laptop, CI and the CronJob agree
 * without a state file. Two facts cannot be read back from Datadog:
 * - which paging targets and notification rules regionsync made (they carry no tags), and
 * - what key a PagerDuty or Opsgenie service holds (write-only).
 * The ledger keeps the ids of the notification rules regionsync created and, per paging service, a keyed fingerprint of
 * the key it last wrote (`keyFingerprint`: never the key). A key changed in the environment shows as a sensitive
 * update of `service_key`; a key changed by hand in Datadog cannot be detected by anyone.
 *
 * It lives in a draft monitor (draft monitors never evaluate or notify) carrying the ownership tag, so the one listing of
 * owned monitors that observe makes anyway reads it at no extra request. Every change that writes the ledger shares
 * one `target`, so the engine applies them one after another.
 */
import type { ChangeDraft } from "../../core/kind.js";
import type { Instance } from "../../core/types.js";
import { type ClaimRecord, claimsAmong, holdingLedger } from "./claims.js";
import {
  decodeLedger,
  emptyLedger,
  encodeLedger,
  LEDGER_NAME,
  LEDGER_TAG,
  type Ledger,
  type LedgerSource,
} from "./ledger-record.js";
import { createMonitor } from "./monitors-apply.js";
import { ownedMonitors } from "./monitors-observe.js";
import { accountTag, isOurs, OWNER_TAG } from "./monitors-spec.js";
import type { DatadogSession } from "./session.js";

/** Every change that writes the ledger has this target, so the engine applies them one at a time. */
export const ledgerTarget = (account: string) => `datadog/${account}/ledger`;

export const sourceOf = (instance: Instance): LedgerSource => ({
  declaration: instance.declaration,
  ...(instance.region ? { region: instance.region } : {}),
});

/** A removed object, attributed through the ledger to the declaration and region it was made for. */
export function attributed(source: LedgerSource): Pick<ChangeDraft, "declarations" | "regions" | "policy"> {
  return {
    declarations: source.declaration ? [source.declaration] : [],
    regions: source.region ? [source.region] : [],
    policy: "manage",
  };
}

/** The ledger and the rules claimed (see claims.ts) as observe sees them, from the round's shared listing. */
export async function observeBookkeeping(
  session: DatadogSession,
  taker: string,
): Promise<{ ledger: Ledger; claimed: ClaimRecord[] }> {
  const { ledger, claims } = await ownedMonitors(session, taker);
  return { ledger: (ledger && decodeLedger(ledger.message)) || emptyLedger(), claimed: claimsAmong(claims) };
}

/** The ledger as observe sees it. */
export async function observeLedger(session: DatadogSession, taker: string): Promise<Ledger> {
  return (await observeBookkeeping(session, taker)).ledger;
}

/** The monitor that holds `ledger`. */
export function ledgerMonitor(ledger: Ledger, account: string) {
  return {
    name: LEDGER_NAME,
    type: "query alert",
    query: "avg(last_5m):avg:regionsync.ledger{*} > 1",
    message: encodeLedger(ledger),
    tags: [OWNER_TAG, LEDGER_TAG, accountTag(account)],
    draft_status: "draft",
    options: { thresholds: { critical: 1 }, notify_no_data: false },
  };
}

/** The ledger as it is now, for apply. */
export async function readLedger(session: DatadogSession): Promise<{ ledger: Ledger; id?: number }> {
  const found = (await session.monitors.list({ monitorTags: LEDGER_TAG, page: 0, pageSize: 10 })).find((m) =>
    isOurs(m.tags ?? [], session.account),
  );
  const ledger = (found?.message && decodeLedger(found.message)) || emptyLedger();
  return { ledger, ...(found?.id !== undefined ? { id: found.id } : {}) };
}

/**
 * Reads the ledger, lets `change` edit it, and writes it back, holding the ledger's claim (claims.ts) so a concurrent
 * run's write never falls in between and drops this one's record. Apply calls this right after its own write; a ledger
 * monitor that vanished is recreated.
 */
export function updateLedger(session: DatadogSession, change: (ledger: Ledger) => void): Promise<void> {
  return holdingLedger(session, async () => {
    const { ledger, id } = await readLedger(session);
    change(ledger);
    const body = ledgerMonitor(ledger, session.account);
    if (id !== undefined) await session.monitors.update(id, { message: body.message });
    else await createMonitor(session, body);
  });
}
