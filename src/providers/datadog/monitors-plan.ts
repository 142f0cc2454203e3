/**
 * Planning monitors: one declaration with `regions: [...]` becomes one monitor per region, matched to what exists by
 * name among the monitors regionsync owns (tag `managed-by:regionsync`). A monitor made by hand is never written, even
 * when its name is one of ours: the plan reports the collision and creates nothing in its place.
 */
import type { ChangeDraft, KindPlan } from "../../core/kind.js";
import type { Diagnostic, Instance } from "../../core/types.js";
import { code } from "./codes.js";
import { digestOf } from "./digest.js";
import { creation, draftFor, specOf } from "./drafts.js";
import { diffMonitor, normaliseType, type ObservedMonitor } from "./monitors-diff.js";
import type { MonitorState } from "./monitors-observe.js";
import {
  accountTag,
  desiredMonitor,
  type MonitorBody,
  type MonitorPayload,
  type MonitorSpec,
  normaliseTags,
  OWNER_TAG,
  REGION_TAG_KEY,
  SOURCE_TAG_KEY,
  sourceTag,
} from "./monitors-spec.js";

type Draft = ChangeDraft<MonitorPayload>;

export function planMonitors(instances: Instance<MonitorSpec>[], state: MonitorState, account: string) {
  const plan: KindPlan<MonitorPayload> = { changes: [], diagnostics: [] };
  const byName = new Map<string, ObservedMonitor[]>();
  for (const m of [...state.owned].sort((a, b) => a.id - b.id)) {
    byName.set(m.name.trim(), [...(byName.get(m.name.trim()) ?? []), m]);
  }
  const matched = new Set<number>();
  for (const instance of instances) {
    const origin = { ...instance, name: specOf(instance).name };
    const existing = byName.get(origin.name.trim())?.[0];
    const desired = desiredMonitor(instance.spec, origin, existing?.tags);
    if (existing) {
      matched.add(existing.id);
      const outcome = planUpdate(instance, existing, desired);
      if ("severity" in outcome) plan.diagnostics.push(outcome);
      else if (outcome.diffs.length > 0) plan.changes.push(outcome);
      continue;
    }
    const namesakes = state.foreign[desired.name] ?? [];
    if (namesakes.length > 0) {
      plan.changes.push(collision(instance, account, desired, namesakes, state.appUrl));
      continue;
    }
    plan.changes.push({ ...creation(instance, desired), payload: { instance: instance.id, body: desired } });
  }
  plan.changes.push(...planDeletes(instances, state.owned, matched));
  return plan;
}

function planUpdate(instance: Instance, existing: ObservedMonitor, desired: MonitorBody): Draft | Diagnostic {
  if (normaliseType(existing.type) !== normaliseType(desired.type)) {
    return {
      severity: "error",
      code: code("monitor-type-change"),
      message: `monitor "${desired.name}" (id ${existing.id}) is a ${existing.type}; Datadog cannot change a monitor's type to ${desired.type}`,
      hint: "rename the monitor so a new one is created, and let regionsync delete the old one",
      instance: instance.id,
      at: instance.fieldPositions.type ?? instance.at,
    };
  }
  return {
    ...draftFor(instance, desired.name, "update"),
    diffs: diffMonitor(existing, desired),
    basis: digestOf(existing),
    payload: {
      instance: instance.id,
      monitorId: existing.id,
      body: desired,
      declaredTags: normaliseTags((instance.spec as MonitorSpec).tags ?? []),
    },
  };
}

/**
 * A monitor made by hand already has the name: regionsync neither touches it nor creates a second one (two monitors
 * of one name would page twice). Only a person can decide whether the hand-made one should become regionsync's.
 */
function collision(
  instance: Instance,
  account: string,
  desired: MonitorBody,
  namesakes: ObservedMonitor[],
  appUrl: string,
): Draft {
  const who = namesakes.map((m) => `id ${m.id}${m.creator ? ` by ${m.creator}` : ""}`).join(", ");
  const first = namesakes[0]!;
  return {
    ...draftFor(instance, desired.name, "manual"),
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
  };
}

/**
 * Owned monitors nothing declares any more, attributed to their declaration (if it still exists) so per-resource
 * `allow_delete` applies. Two owned monitors can share a name, so a delete names the monitor by name and id.
 */
function planDeletes(instances: Instance[], owned: ObservedMonitor[], matched: Set<number>): Draft[] {
  const sources = new Map(instances.map((i) => [sourceTag(i.declaration), i.declaration]));
  return owned
    .filter((m) => !matched.has(m.id))
    .map((m) => {
      const tagValue = (key: string) => m.tags.find((t) => t.startsWith(`${key}:`))?.slice(key.length + 1);
      const declaration = sources.get(`${SOURCE_TAG_KEY}:${tagValue(SOURCE_TAG_KEY)}`);
      const region = tagValue(REGION_TAG_KEY);
      return {
        object: `${m.name.trim()}/${m.id}`,
        name: m.name.trim(),
        action: "delete",
        declarations: declaration ? [declaration] : [],
        regions: region ? [region] : [],
        policy: "manage",
        diffs: [{ path: "monitor", op: "remove", before: { id: m.id, name: m.name } }],
        delete_count: 1,
        basis: digestOf(m),
        payload: { monitorId: m.id },
      };
    });
}
