/**
 * The Datadog provider: region-tagged monitors and the paging targets they notify (PagerDuty services, Opsgenie
 * services, monitor notification rules), one Datadog org per account.
 */
import type { Change, ChangeResult, Diagnostic, Instance, KindDefinition, Provider } from "../../core/types.js";
import { checkHandles } from "./handles.js";
import { decodeLedger, emptyLedger, keyEntry, type Ledger } from "./ledger-record.js";
import { applyMonitor, preflightMonitors } from "./monitor-apply.js";
import type { MonitorSpec } from "./monitor-spec.js";
import { monitorSchema } from "./monitor-spec.js";
import { MONITOR_KIND, type MonitorInstance, type MonitorState, observeMonitors, planMonitors } from "./monitors.js";
import {
  applyOpsgenie,
  OPSGENIE_KIND,
  type OpsgenieInstance,
  type OpsgenieState,
  observeOpsgenie,
  opsgenieSchema,
  planOpsgenie,
  validateOpsgenie,
} from "./opsgenie.js";
import {
  applyPagerDuty,
  observePagerDuty,
  PAGERDUTY_KIND,
  type PagerDutyInstance,
  type PagerDutyState,
  pagerdutySchema,
  planPagerDuty,
} from "./pagerduty.js";
import {
  applyRule,
  type ObservedRule,
  observeRules,
  planRules,
  RULE_KIND,
  type RuleInstance,
  ruleSchema,
  validateRule,
} from "./rules.js";
import { accountSchema, connectSession, type DatadogSession, type DatadogSettings } from "./session.js";

export interface DatadogState {
  monitors: MonitorState;
  ledger: Ledger;
  pagerduty: PagerDutyState;
  opsgenie: OpsgenieState;
  rules: ObservedRule[];
}

const byName = (instance: Instance) => (instance.spec as { name: string }).name.trim();

const kinds: KindDefinition[] = [
  {
    key: "monitors",
    kind: MONITOR_KIND,
    description:
      "A monitor template: one monitor per region, tagged managed-by:regionsync. Only owned monitors are ever changed.",
    schema: monitorSchema,
    sharing: "one",
    identity: byName,
  },
  {
    key: "pagerduty_services",
    kind: PAGERDUTY_KIND,
    description: "A service of Datadog's PagerDuty integration, paged by @pagerduty-<name>. Its key is write-only.",
    schema: pagerdutySchema,
    sharing: "one",
    identity: byName,
  },
  {
    key: "opsgenie_services",
    kind: OPSGENIE_KIND,
    description: "A service of Datadog's Opsgenie integration, paged by @opsgenie-<name>. Its API key is write-only.",
    schema: opsgenieSchema,
    sharing: "one",
    identity: byName,
  },
  {
    key: "notification_rules",
    kind: RULE_KIND,
    description: "A monitor notification rule routing monitors that match a scope (e.g. a region tag) to recipients.",
    schema: ruleSchema,
    sharing: "one",
    identity: byName,
  },
];

function ofKind<T extends Instance>(instances: Instance[], kind: string): T[] {
  return instances.filter((i) => i.kind === kind) as T[];
}

/** A regional monitor that no `region:` tag marks cannot be routed by region-scoped notification rules. */
function validateMonitor(instance: Instance<MonitorSpec & { name: string }>): Diagnostic[] {
  if (!instance.region || (instance.spec.tags ?? []).some((t) => t.toLowerCase().startsWith("region:"))) return [];
  return [
    {
      severity: "warning",
      message: `monitor "${instance.spec.name}" has no region: tag`,
      hint: "add `region:${region.cloud_region}` to its tags so notification rules can route it",
      instance: instance.id,
      at: instance.fieldPositions.tags ?? instance.at,
    },
  ];
}

export const datadogProvider: Provider<DatadogSettings, DatadogSession, DatadogState> = {
  name: "datadog",
  description: "Datadog monitors per region and the paging targets they notify.",
  accountSchema,
  kinds,

  validate(instances) {
    return [
      ...ofKind<MonitorInstance>(instances, MONITOR_KIND).flatMap(validateMonitor),
      ...ofKind<RuleInstance>(instances, RULE_KIND).flatMap(validateRule),
      ...ofKind<OpsgenieInstance>(instances, OPSGENIE_KIND).flatMap(validateOpsgenie),
      ...checkHandles(instances),
    ];
  },

  async connect(ctx) {
    return connectSession(ctx);
  },

  async observe(session, instances) {
    const diagnostics: Diagnostic[] = [];
    const ruleInstances = ofKind<RuleInstance>(instances, RULE_KIND);
    const [monitors, pagerduty] = await Promise.all([
      observeMonitors(session, ofKind<MonitorInstance>(instances, MONITOR_KIND)),
      observePagerDuty(session, ofKind<PagerDutyInstance>(instances, PAGERDUTY_KIND), diagnostics),
    ]);
    const ledger = (monitors.ledger && decodeLedger(monitors.ledger.message)) || emptyLedger();
    // Rules and Opsgenie services are listed only when some are declared or owned: an org without them costs no
    // request (and never loads the SDK's v2 half).
    const rules = ruleInstances.length > 0 || Object.keys(ledger.rules).length > 0 ? await observeRules(session) : [];
    const opsgenieInstances = ofKind<OpsgenieInstance>(instances, OPSGENIE_KIND);
    const ownsOpsgenie = Object.keys(ledger.keys).some((k) => k.startsWith(keyEntry("opsgenie", "")));
    const opsgenie =
      opsgenieInstances.length > 0 || ownsOpsgenie
        ? await observeOpsgenie(session, opsgenieInstances, diagnostics)
        : { services: [], wanted: {} };
    return {
      account: session.account,
      state: { monitors: monitors.state, ledger, pagerduty, opsgenie, rules },
      owned: {
        [MONITOR_KIND]: monitors.state.owned.length,
        [PAGERDUTY_KIND]: Object.keys(ledger.keys).filter((k) => k.startsWith(keyEntry("pagerduty", ""))).length,
        [OPSGENIE_KIND]: Object.keys(ledger.keys).filter((k) => k.startsWith(keyEntry("opsgenie", ""))).length,
        [RULE_KIND]: rules.filter((r) => ledger.rules[r.id]).length,
      },
      diagnostics,
    };
  },

  plan(instances, observation) {
    const { account, state } = observation;
    const monitors = planMonitors(account, ofKind(instances, MONITOR_KIND), state.monitors);
    const rules = planRules(account, ofKind(instances, RULE_KIND), state.rules, state.ledger);
    const pagerduty = planPagerDuty(account, ofKind(instances, PAGERDUTY_KIND), state.pagerduty, state.ledger);
    const opsgenie = planOpsgenie(account, ofKind(instances, OPSGENIE_KIND), state.opsgenie, state.ledger);
    return {
      // Paging targets first: a monitor's message may page a service this run creates.
      changes: [...pagerduty, ...opsgenie, ...rules.changes, ...monitors.changes],
      diagnostics: [...monitors.diagnostics, ...rules.diagnostics],
    };
  },

  preflight(session, changes) {
    return preflightMonitors(session, changes);
  },

  apply(session, change: Change): Promise<ChangeResult> {
    if (change.action === "manual") {
      return Promise.resolve({
        changeId: change.id,
        status: "skipped",
        message: "a person must do this: see the instructions",
      });
    }
    switch (change.kind) {
      case MONITOR_KIND:
        return applyMonitor(session, change);
      case PAGERDUTY_KIND:
        return applyPagerDuty(session, change);
      case OPSGENIE_KIND:
        return applyOpsgenie(session, change);
      case RULE_KIND:
        return applyRule(session, change);
      default:
        return Promise.resolve({ changeId: change.id, status: "failed", message: `unknown kind ${change.kind}` });
    }
  },
};
