/** The `monitors` kind: one monitor per region of a template, tagged as regionsync's; only owned monitors change. */
import type { Kind } from "../../core/kind.js";
import type { Diagnostic, Instance } from "../../core/types.js";
import { code } from "./codes.js";
import { byName, specOf } from "./drafts.js";
import { applyMonitor, preflightMonitors } from "./monitors-apply.js";
import { type MonitorState, observeMonitors } from "./monitors-observe.js";
import { planMonitors } from "./monitors-plan.js";
import { checkMetricRegions, regionFilterMissing } from "./monitors-region.js";
import { type MonitorPayload, type MonitorSpec, monitorPayloadSchema, monitorSchema } from "./monitors-spec.js";
import type { DatadogSession } from "./session.js";

const KIND = "monitor";

/** A regional monitor that no `region:` tag marks cannot be routed by region-scoped notification rules. */
function regionTagMissing(instance: Instance<MonitorSpec>): Diagnostic[] {
  if (!instance.region || (instance.spec.tags ?? []).some((t) => t.toLowerCase().startsWith("region:"))) return [];
  return [
    {
      severity: "warning",
      code: code("monitor-region-tag"),
      message: `monitor "${specOf(instance).name}" has no region: tag`,
      hint: "add `region:${region.cloud_region}` to its tags so notification rules can route it",
      instance: instance.id,
      at: instance.fieldPositions.tags ?? instance.at,
    },
  ];
}

export const monitors: Kind<MonitorSpec, DatadogSession, MonitorState, MonitorPayload> = {
  key: "monitors",
  kind: KIND,
  description:
    "A monitor template: one monitor per region, tagged managed-by:regionsync. Only owned monitors are ever changed.",
  schema: monitorSchema,
  payload: monitorPayloadSchema,
  sharing: "one",
  identity: byName,
  validate: (instances) => [...instances.flatMap(regionTagMissing), ...regionFilterMissing(instances)],
  async observe(session, instances) {
    const [state, diagnostics] = await Promise.all([
      observeMonitors(session, instances, KIND),
      checkMetricRegions(session, instances),
    ]);
    return { state, owned: state.owned.length, diagnostics };
  },
  plan: (instances, observed, account) => planMonitors(instances, observed.state, account),
  preflight: preflightMonitors,
  apply: applyMonitor,
};
