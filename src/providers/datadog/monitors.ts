/**
 * Monitors: one declaration with `regions: [...]` becomes one monitor per region, matched to what exists by name among
 * the monitors regionsync owns (tag `managed-by:regionsync`). A monitor made by hand is never written, even when its
 * name is one of ours: the plan reports the collision and creates nothing in its place.
 */
import { mapLimit } from "../../core/retry.js";
import type { Change, Diagnostic, Instance } from "../../core/types.js";
import { digestOf } from "./digest.js";
import { isLedgerMonitor } from "./ledger-record.js";
import { diffMonitor, normaliseType, type ObservedMonitor } from "./monitor-diff.js";
import {
  accountTag,
  desiredMonitor,
  isOurs,
  type MonitorBody,
  type MonitorSpec,
  OWNER_TAG,
  REGION_TAG_KEY,
  SOURCE_TAG_KEY,
  sourceTag,
} from "./monitor-spec.js";
import { v1 } from "./sdk.js";
import type { DatadogSession } from "./session.js";

export const MONITOR_KIND = "monitor";
/** Datadog's largest page. */
const PAGE_SIZE = 1000;
/** Up to this many missing monitors, look each name up; beyond it one paged listing of the org is cheaper. */
const NAME_LOOKUPS = 8;

export type MonitorInstance = Instance<MonitorSpec & { name: string }>;

export interface MonitorState {
  /** Monitors carrying the ownership tag, the ledger excepted. */
  owned: ObservedMonitor[];
  /** Monitors not made by regionsync whose names equal those of monitors to create, by name. */
  foreign: Record<string, ObservedMonitor[]>;
  /** The org's web app, for links in manual instructions. */
  appUrl: string;
}

export interface MonitorPayload {
  instance?: string;
  monitorId?: number;
  body?: MonitorBody;
}

export function toObserved(monitor: v1.Monitor): ObservedMonitor {
  const wire = v1.ObjectSerializer.serialize(monitor, "Monitor", "") as Record<string, unknown>;
  const creator = monitor.creator?.handle ?? monitor.creator?.email;
  return {
    id: monitor.id ?? 0,
    name: monitor.name ?? "",
    type: String(wire.type ?? ""),
    query: monitor.query ?? "",
    message: monitor.message ?? "",
    tags: monitor.tags ?? [],
    priority: monitor.priority,
    options: (wire.options as Record<string, unknown> | undefined) ?? {},
    ...(creator ? { creator } : {}),
  };
}

/** Pages through a listing, keeping (as `ObservedMonitor`) only what `keep` accepts, so an org of 10,000 stays cheap. */
async function listAll(
  session: DatadogSession,
  filter: { monitorTags?: string; name?: string },
  keep: (monitor: v1.Monitor) => boolean = () => true,
): Promise<ObservedMonitor[]> {
  const found: ObservedMonitor[] = [];
  for (let page = 0; ; page++) {
    const batch = await session.monitors.listMonitors({ ...filter, page, pageSize: PAGE_SIZE });
    for (const m of batch) if (keep(m)) found.push(toObserved(m));
    if (batch.length < PAGE_SIZE) return found;
  }
}

/** Lists owned monitors (one request per 1,000) and looks for hand-made namesakes of the monitors still to create. */
export async function observeMonitors(
  session: DatadogSession,
  instances: MonitorInstance[],
): Promise<{ state: MonitorState; ledger?: ObservedMonitor }> {
  const tagged = (await listAll(session, { monitorTags: OWNER_TAG })).filter((m) => isOurs(m.tags, session.account));
  const ledger = tagged.find(isLedgerMonitor);
  const owned = tagged.filter((m) => !isLedgerMonitor(m));
  const ownedNames = new Set(owned.map((m) => m.name.trim()));
  const missing = new Set(instances.map((i) => i.spec.name.trim()).filter((n) => !ownedNames.has(n)));
  const namesake = (m: v1.Monitor) => missing.has((m.name ?? "").trim()) && !isOurs(m.tags ?? [], session.account);
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
  return { state: { owned, foreign, appUrl: session.appUrl }, ...(ledger ? { ledger } : {}) };
}

function change(
  account: string,
  name: string,
  action: Change["action"],
  fields: Partial<Change> & Pick<Change, "basis" | "diffs" | "declarations" | "regions" | "policy">,
): Change {
  return {
    id: `datadog:${account}:${MONITOR_KIND}:${name}:${action}${action === "delete" ? `:${String((fields.payload as MonitorPayload).monitorId)}` : ""}`,
    provider: "datadog",
    account,
    kind: MONITOR_KIND,
    name,
    action,
    ...fields,
  };
}

export function planMonitors(
  account: string,
  instances: MonitorInstance[],
  state: MonitorState,
): { changes: Change[]; diagnostics: Diagnostic[] } {
  const changes: Change[] = [];
  const diagnostics: Diagnostic[] = [];
  const byName = new Map<string, ObservedMonitor[]>();
  for (const m of [...state.owned].sort((a, b) => a.id - b.id)) {
    byName.set(m.name.trim(), [...(byName.get(m.name.trim()) ?? []), m]);
  }
  const matched = new Set<number>();
  for (const instance of instances) {
    const desired = desiredMonitor(instance.spec, { ...instance, name: instance.spec.name });
    const common = {
      declarations: [instance.declaration],
      regions: instance.region ? [instance.region] : [],
      policy: instance.policy,
    };
    const existing = byName.get(desired.name)?.[0];
    if (existing) {
      matched.add(existing.id);
      if (normaliseType(existing.type) !== normaliseType(desired.type)) {
        diagnostics.push({
          severity: "error",
          message: `monitor "${desired.name}" (id ${existing.id}) is a ${existing.type}; Datadog cannot change a monitor's type to ${desired.type}`,
          hint: "rename the monitor so a new one is created, and let regionsync delete the old one",
          instance: instance.id,
          at: instance.fieldPositions.type ?? instance.at,
        });
        continue;
      }
      const diffs = diffMonitor(existing, desired);
      if (diffs.length === 0) continue;
      changes.push(
        change(account, desired.name, "update", {
          ...common,
          diffs,
          basis: digestOf(existing),
          payload: { instance: instance.id, monitorId: existing.id, body: desired } satisfies MonitorPayload,
        }),
      );
      continue;
    }
    const namesakes = state.foreign[desired.name] ?? [];
    if (namesakes.length > 0) {
      changes.push(collision(account, desired, namesakes, state.appUrl, common));
      continue;
    }
    changes.push(
      change(account, desired.name, "create", {
        ...common,
        diffs: Object.entries(desired).map(([path, after]) => ({ path, op: "add" as const, after })),
        basis: digestOf({ absent: desired.name }),
        payload: { instance: instance.id, body: desired } satisfies MonitorPayload,
      }),
    );
  }
  changes.push(...planDeletes(account, instances, state.owned, matched));
  return { changes, diagnostics };
}

/**
 * A monitor made by hand already has the name: regionsync neither touches it nor creates a second one (two monitors
 * of one name would page twice). Only a person can decide whether the hand-made one should become regionsync's.
 */
function collision(
  account: string,
  desired: MonitorBody,
  namesakes: ObservedMonitor[],
  appUrl: string,
  common: Pick<Change, "declarations" | "regions" | "policy">,
): Change {
  const who = namesakes.map((m) => `id ${m.id}${m.creator ? ` by ${m.creator}` : ""}`).join(", ");
  const first = namesakes[0]!;
  return change(account, desired.name, "manual", {
    ...common,
    diffs: [],
    basis: digestOf(namesakes),
    instructions: {
      summary: `Monitor "${desired.name}" was made by hand (${who}); regionsync leaves it untouched and creates no second one`,
      url: `${appUrl}/monitors/${first.id}`,
      steps: [
        `To let regionsync manage it, add the tags ${OWNER_TAG} and ${accountTag(account)} to monitor ${first.id}; the next run updates it to the declaration.`,
        "Or give the declared monitor another name in desired-state.yaml, or rename or delete the hand-made one.",
      ],
    },
  });
}

/** Owned monitors nothing declares any more, attributed to their declaration (if it still exists) so per-resource `allow_delete` applies. */
function planDeletes(account: string, instances: MonitorInstance[], owned: ObservedMonitor[], matched: Set<number>) {
  const sources = new Map(instances.map((i) => [sourceTag(i.declaration), i.declaration]));
  return owned
    .filter((m) => !matched.has(m.id))
    .map((m) => {
      const tagValue = (key: string) => m.tags.find((t) => t.startsWith(`${key}:`))?.slice(key.length + 1);
      const declaration = sources.get(`${SOURCE_TAG_KEY}:${tagValue(SOURCE_TAG_KEY)}`);
      const region = tagValue(REGION_TAG_KEY);
      return change(account, m.name.trim(), "delete", {
        declarations: declaration ? [declaration] : [],
        regions: region ? [region] : [],
        policy: "manage",
        diffs: [{ path: "monitor", op: "remove", before: { id: m.id, name: m.name } }],
        deleteCount: 1,
        basis: digestOf(m),
        payload: { monitorId: m.id } satisfies MonitorPayload,
      });
    });
}
