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
 * owned monitors that `observe` makes anyway reads it at no extra request. Every change that writes the ledger shares
 * one `target`, so the engine applies them one after another.
 */

import { decodeLedger, emptyLedger, encodeLedger, LEDGER_NAME, LEDGER_TAG, type Ledger } from "./ledger-record.js";
import { accountTag, isOurs, OWNER_TAG } from "./monitor-spec.js";
import { v1 } from "./sdk.js";
import type { DatadogSession } from "./session.js";

function ledgerMonitor(ledger: Ledger, account: string): v1.Monitor {
  const monitor = new v1.Monitor();
  monitor.name = LEDGER_NAME;
  monitor.type = "query alert";
  monitor.query = "avg(last_5m):avg:regionsync.ledger{*} > 1";
  monitor.message = encodeLedger(ledger);
  monitor.tags = [OWNER_TAG, LEDGER_TAG, accountTag(account)];
  monitor.draftStatus = "draft";
  monitor.options = Object.assign(new v1.MonitorOptions(), { thresholds: { critical: 1 }, notifyNoData: false });
  return monitor;
}

/** The ledger as it is now, for apply (observe reads it with the owned monitors). */
export async function readLedger(session: DatadogSession): Promise<{ ledger: Ledger; found?: v1.Monitor }> {
  const found = (await session.monitors.listMonitors({ monitorTags: LEDGER_TAG, page: 0, pageSize: 10 })).find((m) =>
    isOurs(m.tags ?? [], session.account),
  );
  return { ledger: (found?.message && decodeLedger(found.message)) || emptyLedger(), ...(found ? { found } : {}) };
}

/**
 * Reads the ledger, lets `change` edit it, and writes it back. Apply calls this right after its own write, so the
 * record is at most one request old; a monitor id that vanished is recreated.
 */
export async function updateLedger(session: DatadogSession, change: (ledger: Ledger) => void): Promise<void> {
  const { ledger, found } = await readLedger(session);
  change(ledger);
  const body = ledgerMonitor(ledger, session.account);
  if (found?.id !== undefined) {
    await session.monitors.updateMonitor({ monitorId: found.id, body: { message: body.message } });
  } else {
    await session.monitors.createMonitor({ body });
  }
}
