/**
 * Export of monitors for `regionsync import`: the whole org in one paged listing (1,000 a page, the only requests),
 * shared with the paging kinds' exports, which read the ledger and the handles in messages from it.
 */
import type { ExportContext, ExportedObject, KindExport } from "../../core/kind.js";
import { isClaimMonitor } from "./claims.js";
import { decodeLedger, emptyLedger, isLedgerMonitor, type Ledger } from "./ledger-record.js";
import type { ObservedMonitor } from "./monitors-diff.js";
import { listAll } from "./monitors-observe.js";
import { isOurs, monitorSchema, OWNER_TAG, optionKeys, thresholdKeys } from "./monitors-spec.js";
import type { DatadogSession } from "./session.js";

export interface OrgMonitors {
  /** Every monitor but the ledger and rule claims (regionsync's bookkeeping, not monitors anyone declared). */
  monitors: ObservedMonitor[];
  ledger: Ledger;
}

/** The org's monitors and this account's ledger: one listing, whichever export asks first. */
export function allMonitors(session: DatadogSession, taker: string): Promise<OrgMonitors> {
  return session.shared.get("all-monitors", taker, async () => {
    const listed = await listAll(session, {});
    const ledger = listed.find((m) => isLedgerMonitor(m) && isOurs(m.tags, session.account));
    return {
      monitors: listed.filter((m) => !isLedgerMonitor(m) && !isClaimMonitor(m)).sort((a, b) => a.id - b.id),
      ledger: (ledger && decodeLedger(ledger.message)) || emptyLedger(),
    };
  });
}

/** Tags regionsync adds itself: a declaration never names them. */
const ownershipTag = (tag: string) => tag === OWNER_TAG || /^regionsync-(account|source|region):/.test(tag);

/** Datadog's documented defaults: only declared options are compared, so leaving these out changes nothing. */
const DEFAULTS: Record<string, unknown> = { include_tags: true, notify_audit: false, notify_no_data: false };

function declaredOptions(options: Record<string, unknown>): Record<string, unknown> | undefined {
  const kept: Record<string, unknown> = {};
  for (const key of optionKeys) {
    const value = options[key];
    if (value === null || value === undefined || DEFAULTS[key] === value) continue;
    if (key !== "thresholds") kept[key] = value;
    else {
      const t = value as Record<string, unknown>;
      const thresholds = Object.fromEntries(
        thresholdKeys.flatMap((k) => (typeof t[k] === "number" ? [[k, t[k]]] : [])),
      );
      if (Object.keys(thresholds).length > 0) kept.thresholds = thresholds;
    }
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}

export async function exportMonitors(session: DatadogSession, _ctx: ExportContext): Promise<KindExport> {
  const { monitors } = await allMonitors(session, "monitor");
  const objects: ExportedObject[] = [];
  const notes: string[] = [];
  for (const m of monitors) {
    const what = `monitor "${m.name.trim()}" (id ${m.id})`;
    if (m.tags.includes(OWNER_TAG) && !isOurs(m.tags, session.account)) {
      notes.push(`${what}: owned by regionsync for another account or setup`);
      continue;
    }
    const tags = m.tags.filter((t) => !ownershipTag(t));
    const options = declaredOptions(m.options);
    const spec = {
      type: m.type,
      query: m.query.trim(),
      message: m.message.trim(),
      ...(tags.length > 0 ? { tags } : {}),
      ...(typeof m.priority === "number" ? { priority: m.priority } : {}),
      ...(options ? { options } : {}),
    };
    const parsed = monitorSchema.safeParse(spec);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      notes.push(`${what}: not imported, ${issue.path.join(".") || "it"}: ${issue.message}`);
      continue;
    }
    objects.push({
      name: m.name.trim(),
      object: String(m.id),
      spec,
      tags: m.tags,
      owned: isOurs(m.tags, session.account),
    });
  }
  return { objects, notes };
}
