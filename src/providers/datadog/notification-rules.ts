/**
 * The `notification_rules` kind: monitor notification rules (v2) route every monitor whose tags match a scope (e.g.
 * `region:eu-west-1`) to the region's on-call, without editing monitor messages. Rules carry no tags, so the ones
 * regionsync made are known from the ledger; a rule made by hand is never written, and a name collision is reported.
 */
import type { ExportContext, ExportedObject, Kind, KindExport } from "../../core/kind.js";
import { type Claim, claimAge, holdingLedger, ruleDigest, claim as takeClaim } from "./claims.js";
import { byName } from "./drafts.js";
import { planned, timedOut, unlessGone } from "./errors.js";
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

/**
 * Waits on the claim another run holds on a rule: for the rule it is making (found before the claim is released, so a
 * run that made the rule but could not record it is not waited for), until the claim is released, or until the claim is
 * older than claims may be (its run was killed without making the rule).
 */
async function awaitClaim(session: DatadogSession, claim: Claim, desired: RuleAttributes, ledger: Ledger) {
  for (let poll = 1; ; poll++) {
    const rule = (await listRules(session)).find((r) => sameRule(r, desired) && !ledger.rules[r.id]);
    if (rule) return { rule };
    const age = await claimAge(session, claim.id);
    if (age === undefined) return { released: true };
    if (age > session.claimTimeoutMs) return { abandoned: true };
    await session.sleep(Math.min(2000, 100 * poll));
  }
}

/**
 * Creates a rule at most once, however many runs try: a retried apply finds the rule its first attempt recorded; a
 * claim decides which run creates it (claims.ts) and the others record that run's rule; after an ambiguous failure the
 * rule is looked for before it is sent again, but not after a timeout, since Datadog may still be making it (the claim,
 * kept, lets the next run recognise the rule).
 */
async function createRule(session: DatadogSession, desired: RuleAttributes, source?: LedgerSource) {
  for (let attempt = 1; ; attempt++) {
    const claim = await takeClaim(session, ruleDigest(desired));
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
    if (claim.mine) return { ref: await makeRule(session, desired, ledger, claim, record) };
    const waited = await awaitClaim(session, claim, desired, ledger);
    if (waited.rule) {
      await record(waited.rule.id);
      return { ref: waited.rule.id, message: "made by another or an interrupted run; now recorded" };
    }
    // Released (its run recorded the rule, or failed) or abandoned: claimed again, and the ledger read again under it.
    if (waited.abandoned) await claim.release();
    if (attempt === 5) throw new Error(`other runs keep creating rule "${desired.name}"; run again once they are done`);
  }
}

/** Sends the create of a rule this run has the claim on, and records it. */
async function makeRule(
  session: DatadogSession,
  desired: RuleAttributes,
  ledger: Ledger,
  claim: Claim,
  record: (id: string) => Promise<void>,
): Promise<string> {
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
  return id;
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
    const { id, rule, source, claim, ledgerClaim } = change.payload;
    if (change.action === "create") return createRule(session, planned(rule, "rule"), source);
    if (ledgerClaim !== undefined) {
      // Taken and released as a write would, so a run writing the ledger right now keeps it until it is done.
      await holdingLedger(session, async () => undefined);
      return { ref: String(ledgerClaim) };
    }
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
