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
import { v1 } from "@datadog/datadog-api-client";
import type { ObservedMonitor } from "./monitor-diff.js";
import { OWNER_TAG } from "./monitor-spec.js";
import type { DatadogSession } from "./session.js";

export const LEDGER_TAG = "regionsync-ledger:v1";
const LEDGER_NAME = "[regionsync] ledger: paging keys and notification rules (do not edit)";
const MARKER = "regionsync-ledger:";

/** Where a recorded object came from, so its deletion is attributed to a declaration and a region. */
export interface LedgerSource {
  declaration?: string;
  region?: string;
}

export interface Ledger {
  /** `pagerduty:<service>` / `opsgenie:<service>` → fingerprint of the key last written. */
  keys: Record<string, LedgerSource & { fingerprint: string }>;
  /** Notification rule id → its name, for the rules regionsync created. */
  rules: Record<string, LedgerSource & { name: string }>;
}

/** The ledger's name for a paging service's key. */
export const keyEntry = (kind: "pagerduty" | "opsgenie", service: string) => `${kind}:${service}`;

export const emptyLedger = (): Ledger => ({ keys: {}, rules: {} });

export function isLedgerMonitor(monitor: Pick<ObservedMonitor, "tags">): boolean {
  return monitor.tags.some((t) => t.toLowerCase() === LEDGER_TAG);
}

/** The record is base64url-encoded: JSON's `}}` would read as an unbalanced Datadog template in a message. */
export function encodeLedger(ledger: Ledger): string {
  const record = Buffer.from(JSON.stringify(ledger)).toString("base64url");
  return `Bookkeeping of regionsync. It never notifies anyone. Deleting it makes regionsync re-send paging keys once.\n${MARKER}${record}`;
}

export function decodeLedger(message: string): Ledger | undefined {
  const line = message.split("\n").find((l) => l.trim().startsWith(MARKER));
  if (!line) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(line.trim().slice(MARKER.length), "base64url").toString("utf8")) as Ledger;
    return { keys: { ...(parsed.keys ?? {}) }, rules: { ...(parsed.rules ?? {}) } };
  } catch {
    return undefined;
  }
}

function ledgerMonitor(ledger: Ledger): v1.Monitor {
  const monitor = new v1.Monitor();
  monitor.name = LEDGER_NAME;
  monitor.type = "query alert";
  monitor.query = "avg(last_5m):avg:regionsync.ledger{*} > 1";
  monitor.message = encodeLedger(ledger);
  monitor.tags = [OWNER_TAG, LEDGER_TAG];
  monitor.draftStatus = "draft";
  monitor.options = Object.assign(new v1.MonitorOptions(), { thresholds: { critical: 1 }, notifyNoData: false });
  return monitor;
}

/**
 * Reads the ledger, lets `change` edit it, and writes it back. Apply calls this right after its own write, so the
 * record is at most one request old; a monitor id that vanished is recreated.
 */
export async function updateLedger(session: DatadogSession, change: (ledger: Ledger) => void): Promise<void> {
  const found = (await session.monitors.listMonitors({ monitorTags: LEDGER_TAG, page: 0, pageSize: 10 })).find((m) =>
    m.tags?.includes(OWNER_TAG),
  );
  const ledger = (found?.message && decodeLedger(found.message)) || emptyLedger();
  change(ledger);
  const body = ledgerMonitor(ledger);
  if (found?.id !== undefined) {
    await session.monitors.updateMonitor({ monitorId: found.id, body: { message: body.message } });
  } else {
    await session.monitors.createMonitor({ body });
  }
}
