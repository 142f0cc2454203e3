/**
 * The `notification_rules` kind: monitor notification rules (v2) route every monitor whose tags match a scope (e.g.
 * `region:eu-west-1`) to the region's on-call, without editing monitor messages. Rules carry no tags, so the ones
 * regionsync made are known from the ledger; a rule made by hand is never written, and a name collision is reported.
 */
import type { ExportContext, ExportedObject, Kind, KindExport } from "../../core/kind.js";
import { byName } from "./drafts.js";
import { planned, unlessGone } from "./errors.js";
import { observeLedger, readLedger, updateLedger } from "./ledger.js";
import { allMonitors } from "./monitors-export.js";
import {
  checkRule,
  normaliseRecipients,
  type ObservedRule,
  planRules,
  type RulePayload,
  type RuleSpec,
  type RuleState,
  rulePayloadSchema,
  ruleSchema,
} from "./notification-rules-plan.js";
import type { DatadogSession } from "./session.js";

const KIND = "notification_rule";
const PAGE_SIZE = 1000;

export async function listRules(session: DatadogSession): Promise<ObservedRule[]> {
  const rules: ObservedRule[] = [];
  for (let page = 0; ; page++) {
    const batch = await session.rules.list(page, PAGE_SIZE);
    for (const { id, name, filter, recipients } of batch) {
      rules.push({
        id,
        name,
        filter: filter.scope !== undefined ? { scope: filter.scope } : { tags: [...(filter.tags ?? [])].sort() },
        recipients: normaliseRecipients(recipients),
      });
    }
    if (batch.length < PAGE_SIZE) return rules;
  }
}

/** Export for `regionsync import`: every rule, in one listing. */
async function exportRules(session: DatadogSession, _ctx: ExportContext): Promise<KindExport> {
  const { ledger } = await allMonitors(session, "notification_rule");
  const objects: ExportedObject[] = [];
  const notes: string[] = [];
  for (const rule of [...(await listRules(session))].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const spec = { ...rule.filter, recipients: rule.recipients };
    const parsed = ruleSchema.safeParse(spec);
    if (!parsed.success) {
      notes.push(`notification rule "${rule.name}" (${rule.id}): not imported, ${parsed.error.issues[0]!.message}`);
      continue;
    }
    objects.push({ name: rule.name.trim(), object: rule.id, spec, owned: rule.id in ledger.rules });
  }
  return { objects, notes };
}

export const notificationRules: Kind<RuleSpec, DatadogSession, RuleState, RulePayload> = {
  key: "notification_rules",
  kind: KIND,
  description: "A monitor notification rule routing monitors that match a scope (e.g. a region tag) to recipients.",
  schema: ruleSchema,
  payload: rulePayloadSchema,
  sharing: "one",
  identity: byName,
  validate: (instances) => instances.flatMap(checkRule),

  async observe(session, instances) {
    const ledger = await observeLedger(session, KIND);
    // Listed only when some are declared or owned: an org without rules costs no request (and never loads the SDK's
    // v2 half).
    const declaredOrOwned = instances.length > 0 || Object.keys(ledger.rules).length > 0;
    const rules = declaredOrOwned ? await listRules(session) : [];
    return { state: { rules, ledger }, owned: rules.filter((r) => ledger.rules[r.id]).length, diagnostics: [] };
  },

  plan: (instances, observed, account) => planRules(instances, observed.state, account),

  async apply(session, change) {
    const { id, rule, source } = change.payload;
    if (change.action === "create") {
      const desired = planned(rule, "rule");
      // A retried apply finds the rule its first attempt created; creating it again would page twice.
      const { ledger } = await readLedger(session);
      const mine = (await listRules(session)).find((r) => r.name.trim() === desired.name && ledger.rules[r.id]);
      if (mine) return { ref: mine.id, message: "already existed" };
      const created = await session.rules.create(desired);
      await updateLedger(session, (l) => {
        l.rules[created] = { name: desired.name, ...source };
      });
      return { ref: created };
    }
    const ruleId = planned(id, "id");
    if (change.action === "adopt") {
      if (!(await listRules(session)).some((r) => r.id === ruleId))
        throw new Error("rule no longer exists; plan again");
      await updateLedger(session, (l) => {
        l.rules[ruleId] = { name: change.name, ...source };
      });
      return { ref: ruleId, message: "adopted: recorded in the ledger, the rule left as it is" };
    }
    if (change.action === "update") {
      await session.rules.update(ruleId, planned(rule, "rule"));
      return { ref: ruleId };
    }
    await unlessGone(session.rules.remove(ruleId));
    await updateLedger(session, (l) => {
      delete l.rules[ruleId];
    });
    return { ref: ruleId };
  },
  export: exportRules,
};
