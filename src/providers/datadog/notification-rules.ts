/**
 * The `notification_rules` kind: monitor notification rules (v2) route every monitor whose tags match a scope (e.g.
 * `region:eu-west-1`) to the region's on-call, without editing monitor messages. Rules carry no tags, so the ones
 * regionsync made are known from the ledger; a rule made by hand is never written, and a name collision is reported.
 */
import type { ExportContext, ExportedObject, Kind, KindExport } from "../../core/kind.js";
import { byName } from "./drafts.js";
import { planned, statusOf, timedOut, unlessGone } from "./errors.js";
import { observeBookkeeping, readLedger, updateLedger } from "./ledger.js";
import type { Ledger, LedgerSource } from "./ledger-record.js";
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
  sameRule,
} from "./notification-rules-plan.js";
import { type Claim, claimRule } from "./rule-claims.js";
import type { DatadogSession } from "./session.js";
import type { RuleAttributes } from "./session-clients.js";

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

/** Polls for the rule another run's claim is creating, until it appears or the claim is older than claims may be. */
async function ruleOfClaim(session: DatadogSession, claim: Claim, desired: RuleAttributes, ledger: Ledger) {
  for (let poll = 1; ; poll++) {
    const rule = (await listRules(session)).find((r) => sameRule(r, desired) && !ledger.rules[r.id]);
    if (rule) return rule;
    const held = await session.monitors.get(claim.id).catch((error) => {
      if (statusOf(error) === 404) return undefined;
      throw error;
    });
    const age = held?.created ? Date.now() - Date.parse(held.created) : Number.POSITIVE_INFINITY;
    if (age > session.claimTimeoutMs) return undefined;
    await session.sleep(Math.min(2000, 100 * poll));
  }
}

/**
 * Creates a rule at most once, however many runs try: a retried apply finds the rule its first attempt recorded; a
 * claim decides which run creates it (rule-claims.ts) and the others record that run's rule; after an ambiguous
 * failure the rule is looked for before it is sent again, but not after a timeout, since Datadog may still be making it
 * (the claim, kept, lets the next run recognise the rule).
 */
async function createRule(session: DatadogSession, desired: RuleAttributes, source?: LedgerSource) {
  let claim = await claimRule(session, desired);
  // Read under the claim, not before it: a run that held the claim until just now has made and recorded the rule.
  const { ledger } = await readLedger(session);
  const mine = (await listRules(session)).find((r) => r.name.trim() === desired.name && ledger.rules[r.id]);
  if (mine) {
    if (claim.mine) await claim.release();
    return { ref: mine.id, message: "already existed" };
  }
  const record = async (id: string) => {
    await updateLedger(session, (l) => {
      l.rules[id] = { name: desired.name, ...source };
    });
    await claim.release();
  };
  if (!claim.mine) {
    const theirs = await ruleOfClaim(session, claim, desired, ledger);
    if (theirs) {
      await record(theirs.id);
      return { ref: theirs.id, message: "made by another or an interrupted run; now recorded" };
    }
    // The claim outlived its run, which made no rule: this run takes it over.
    await claim.release();
    claim = await claimRule(session, desired);
    if (!claim.mine) throw new Error(`another run is creating rule "${desired.name}"; run again once it is done`);
  }
  const made = async () => (await listRules(session)).find((r) => sameRule(r, desired) && !ledger.rules[r.id])?.id;
  let id: string;
  try {
    id = await session.createOnce(() => session.rules.create(desired), made, { afterTimeout: "stop" });
  } catch (error) {
    if (timedOut(error)) {
      throw new Error(`${(error as Error).message}; Datadog may still make the rule: the next run records it`);
    }
    await claim.release();
    throw error;
  }
  await record(id);
  return { ref: id };
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
    const { ledger, claimed } = await observeBookkeeping(session, KIND);
    // Listed only when some are declared or owned: an org without rules costs no request (and never loads the SDK's
    // v2 half).
    const declaredOrOwned = instances.length > 0 || Object.keys(ledger.rules).length > 0;
    const rules = declaredOrOwned ? await listRules(session) : [];
    return {
      state: { rules, ledger, claimed },
      owned: rules.filter((r) => ledger.rules[r.id]).length,
      diagnostics: [],
    };
  },

  plan: (instances, observed, account) => planRules(instances, observed.state, account),

  async apply(session, change) {
    const { id, rule, source, claim } = change.payload;
    if (change.action === "create") return createRule(session, planned(rule, "rule"), source);
    if (claim !== undefined) {
      await unlessGone(session.monitors.remove(claim));
      return { ref: String(claim) };
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
