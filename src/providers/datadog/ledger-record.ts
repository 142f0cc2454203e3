/** The ledger's record (see ledger.ts): what it holds and how it is written into a monitor message. No I/O. */
import { z } from "zod";
import type { ObservedMonitor } from "./monitors-diff.js";

export const LEDGER_TAG = "regionsync-ledger:v1";
export const LEDGER_NAME = "[regionsync] ledger: paging keys and notification rules (do not edit)";
const MARKER = "regionsync-ledger:";

/** Where a recorded object came from, so its deletion is attributed to a declaration and a region. */
export const ledgerSourceSchema = z.object({ declaration: z.string().optional(), region: z.string().optional() });
export type LedgerSource = z.infer<typeof ledgerSourceSchema>;

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
