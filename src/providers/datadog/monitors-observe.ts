/**
 * Reading monitors: the owned ones (one listing, shared with the paging kinds because it carries the ledger) and
 * hand-made namesakes of the monitors still to create.
 */
import { mapLimit } from "../../core/retry.js";
import type { Instance } from "../../core/types.js";
import { isClaimMonitor } from "./claims.js";
import { specOf } from "./drafts.js";
import { isLedgerMonitor } from "./ledger-record.js";
import type { ObservedMonitor } from "./monitors-diff.js";
import { isOurs, type MonitorSpec, OWNER_TAG } from "./monitors-spec.js";
import type { DatadogSession } from "./session.js";
import type { WireMonitor } from "./session-clients.js";

/** Datadog's largest page. */
const PAGE_SIZE = 1000;
/** Up to this many missing monitors, look each name up; beyond it one paged listing of the org is cheaper. */
const NAME_LOOKUPS = 8;

export interface MonitorState {
  /** Monitors carrying the ownership tag, the ledger excepted. */
  owned: ObservedMonitor[];
  /** Monitors not made by regionsync whose names equal those of monitors to create, by name. */
  foreign: Record<string, ObservedMonitor[]>;
  /** The org's web app, for links in manual instructions. */
  appUrl: string;
}

export function toObserved(monitor: WireMonitor): ObservedMonitor {
  const creator = monitor.creator?.handle ?? monitor.creator?.email;
  return {
    id: monitor.id ?? 0,
    name: monitor.name ?? "",
    type: String(monitor.type ?? ""),
    query: monitor.query ?? "",
    message: monitor.message ?? "",
    tags: monitor.tags ?? [],
    priority: monitor.priority,
    options: monitor.options ?? {},
    ...(creator ? { creator } : {}),
  };
}

/** Pages through a listing, keeping (as `ObservedMonitor`) only what `keep` accepts, so an org of 10,000 stays cheap. */
export async function listAll(
  session: DatadogSession,
  filter: { monitorTags?: string; name?: string },
  keep: (monitor: WireMonitor) => boolean = () => true,
): Promise<ObservedMonitor[]> {
  const found: ObservedMonitor[] = [];
  for (let page = 0; ; page++) {
    const batch = await session.monitors.list({ ...filter, page, pageSize: PAGE_SIZE });
    for (const m of batch) if (keep(m)) found.push(toObserved(m));
    if (batch.length < PAGE_SIZE) return found;
  }
}

export interface OwnedMonitors {
  /** The owned monitors that monitors are declared as: neither the ledger nor a rule claim. */
  monitors: ObservedMonitor[];
  ledger?: ObservedMonitor;
  claims: ObservedMonitor[];
}

/** This account's owned monitors, its ledger and rule claims: one listing per round, whichever kind asks first. */
export function ownedMonitors(session: DatadogSession, taker: string): Promise<OwnedMonitors> {
  return session.shared.get("owned-monitors", taker, async () => {
    const tagged = (await listAll(session, { monitorTags: OWNER_TAG })).filter((m) => isOurs(m.tags, session.account));
    const ledger = tagged.find(isLedgerMonitor);
    const monitors = tagged.filter((m) => !isLedgerMonitor(m) && !isClaimMonitor(m));
    return { monitors, claims: tagged.filter(isClaimMonitor), ...(ledger ? { ledger } : {}) };
  });
}

/** Owned monitors, and hand-made namesakes of the monitors still to create. */
export async function observeMonitors(
  session: DatadogSession,
  instances: Instance<MonitorSpec>[],
  taker: string,
): Promise<MonitorState> {
  const { monitors: owned } = await ownedMonitors(session, taker);
  const ownedNames = new Set(owned.map((m) => m.name.trim()));
  const names = instances.map((i) => specOf(i).name.trim());
  const missing = new Set(names.filter((n) => !ownedNames.has(n)));
  const namesake = (m: WireMonitor) => missing.has((m.name ?? "").trim()) && !isOurs(m.tags ?? [], session.account);
  const found =
    missing.size > NAME_LOOKUPS
      ? await listAll(session, {}, namesake)
      : (await mapLimit([...missing], NAME_LOOKUPS, (name) => listAll(session, { name }, namesake))).flat();
  const foreign: Record<string, ObservedMonitor[]> = {};
  for (const m of found) {
    const list = foreign[m.name.trim()] ?? [];
    if (!list.some((x) => x.id === m.id)) list.push(m);
    foreign[m.name.trim()] = list;
  }
  return { owned, foreign, appUrl: session.appUrl };
}
