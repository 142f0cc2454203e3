/**
 * The `notification_rules` kind: monitor notification rules (v2) route every monitor whose tags match a scope (e.g.
 * `region:eu-west-1`) to the region's on-call, without editing monitor messages. Rules carry no tags, so the ones
 * regionsync made are known from the ledger; a rule made by hand is never written, and a name collision is reported.
 */
import type { Kind } from "../../core/kind.js";
import { byName } from "./drafts.js";
import { planned, unlessGone } from "./errors.js";
import { observeLedger, readLedger, updateLedger } from "./ledger.js";
import type { LedgerSource } from "./ledger-record.js";
import {
  checkRule,
  interrupted,
  normaliseRecipients,
  type ObservedRule,
  planRules,
  type RulePayload,
  type RuleSpec,
  type RuleState,
  ruleDigest,
  rulePayloadSchema,
  ruleSchema,
  sameRule,
} from "./notification-rules-plan.js";
import type { DatadogSession } from "./session.js";
import type { RuleAttributes } from "./session-clients.js";

const KIND = "notification_rule";
const PAGE_SIZE = 1000;

async function listRules(session: DatadogSession): Promise<ObservedRule[]> {
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

/**
 * Creates a rule at most once: a retried apply finds the rule its first attempt created (creating it again would page
 * twice), the create's intent is recorded in the ledger first so a run killed before recording the id does not leave
 * the rule looking hand-made, and after an ambiguous failure the rule is looked for before it is sent again.
 */
async function createRule(session: DatadogSession, desired: RuleAttributes, source?: LedgerSource) {
  const { ledger } = await readLedger(session);
  const rules = await listRules(session);
  const mine = rules.find((r) => r.name.trim() === desired.name && ledger.rules[r.id]);
  if (mine) return { ref: mine.id, message: "already existed" };
  const resumed = rules.find((r) => interrupted(ledger, r) && sameRule(r, desired));
  let id = resumed?.id;
  if (id === undefined) {
    await updateLedger(session, (l) => {
      l.pending[desired.name] = { digest: ruleDigest(desired), ...source };
    });
    // After an ambiguous failure, a rule of this name and definition that the ledger does not list is the one the
    // failed attempt made.
    const made = async () => (await listRules(session)).find((r) => sameRule(r, desired) && !ledger.rules[r.id])?.id;
    id = await session.createOnce(() => session.rules.create(desired), made);
  }
  const created = id;
  await updateLedger(session, (l) => {
    l.rules[created] = { name: desired.name, ...source };
    delete l.pending[desired.name];
  });
  return { ref: created, ...(resumed ? { message: "made by an interrupted run; now recorded" } : {}) };
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
    if (change.action === "create") return createRule(session, planned(rule, "rule"), source);
    const ruleId = planned(id, "id");
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
};
