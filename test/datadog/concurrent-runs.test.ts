/**
 * Two runs at once on one Datadog org (a CronJob's run and a person's `apply`, two pipelines): the claims of claims.ts
 * keep them from making a notification rule twice or dropping each other's ledger records. The other run is played by
 * the test, at the moment the run under test asks about its claim, so each interleaving happens every time.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { EmulatorRequest } from "../../emulators/common/server.js";
import type { Json } from "../../emulators/datadog/org.js";
import { claimMonitor, LEDGER_SUBJECT, ruleDigest } from "../../src/providers/datadog/claims.js";
import { ledgerMonitor } from "../../src/providers/datadog/ledger.js";
import { decodeLedger, emptyLedger, LEDGER_TAG, type Ledger } from "../../src/providers/datadog/ledger-record.js";
import type { RuleAttributes } from "../../src/providers/datadog/session-clients.js";
import { desiredState, type Orgs, plan, reconcile, withOrgs } from "./harness.js";

const ACCOUNT = "datadog-eu";
const rules = {
  notification_rules: [
    { name: "Route ${region.name}", regions: ["eu"], scope: "region:${region.cloud_region}", recipients: ["slack-x"] },
  ],
};
const pagerduty = {
  pagerduty_services: [
    { name: "Platform-${region.name}", regions: ["eu"], service_key_env: "PAGERDUTY_KEY_${region.name}" },
  ],
};

const tagged = (tag: string) => (m: Json) => (m.tags as string[]).includes(tag);
const claims = (orgs: Orgs) => [...orgs.eu.org.monitors.values()].filter(tagged("regionsync-claim:v1"));
const ledgerOf = (orgs: Orgs): Ledger | undefined => {
  const monitor = [...orgs.eu.org.monitors.values()].find(tagged(LEDGER_TAG));
  return monitor && decodeLedger(String(monitor.message));
};

/** Calls `act` once, when the run under test first asks Datadog about monitor `id` (a claim another run holds). */
function whenAskedAbout(orgs: Orgs, id: number, act: () => void): () => boolean {
  let asked = false;
  orgs.eu.server.onArrival((req: EmulatorRequest) => {
    if (asked || req.method !== "GET" || req.path !== `/api/v1/monitor/${id}`) return;
    asked = true;
    act();
  });
  return () => asked;
}

describe("datadog: two runs at once", () => {
  it("a run writing the ledger waits for the other run's claim on it, and keeps that run's record", () =>
    withOrgs(async (orgs) => {
      const state = orgs.load(desiredState(pagerduty, ["eu"]));
      const held = orgs.eu.org.seedMonitor(claimMonitor(ACCOUNT, LEDGER_SUBJECT));
      let ledgerBeforeRelease: Ledger | undefined;
      const waited = whenAskedAbout(orgs, held.id as number, () => {
        ledgerBeforeRelease = ledgerOf(orgs);
        // The other run writes its record and releases the claim.
        const theirs = emptyLedger();
        theirs.keys["opsgenie:Ops-eu"] = { fingerprint: "their-fingerprint" };
        orgs.eu.org.seedMonitor(ledgerMonitor(theirs, ACCOUNT));
        orgs.eu.org.monitors.delete(held.id as number);
      });
      const { applied } = await reconcile(state);
      assert.ok(applied.ok, JSON.stringify(applied.results));
      assert.ok(waited(), "the run asked after the claim instead of writing the ledger under it");
      assert.equal(ledgerBeforeRelease, undefined, "nothing written while the other run held the claim");
      assert.deepEqual(Object.keys(ledgerOf(orgs)?.keys ?? {}).sort(), ["opsgenie:Ops-eu", "pagerduty:Platform-eu"]);
      assert.deepEqual(claims(orgs), [], "its own claim released");
    }));

  it("a run that finds a rule's claim released reads the ledger again before creating: the rule is made once", () =>
    withOrgs(async (orgs) => {
      const state = orgs.load(desiredState(rules, ["eu"]));
      const [create] = (await plan(state)).changes;
      assert.equal(create?.action, "create");
      const { rule } = create.payload as { rule: RuleAttributes };
      const held = orgs.eu.org.seedMonitor(claimMonitor(ACCOUNT, ruleDigest(rule)));
      whenAskedAbout(orgs, held.id as number, () => {
        // The other run makes the rule, records it and releases its claim between two of this run's requests.
        const id = orgs.eu.org.newRuleId();
        const time = new Date().toISOString();
        orgs.eu.org.rules.set(id, { id, attributes: { ...rule, created: time, modified: time } });
        const ledger = emptyLedger();
        ledger.rules[id] = { name: rule.name };
        orgs.eu.org.seedMonitor(ledgerMonitor(ledger, ACCOUNT));
        orgs.eu.org.monitors.delete(held.id as number);
      });
      const { applied } = await reconcile(state);
      assert.ok(applied.ok, JSON.stringify(applied.results));
      assert.equal(orgs.eu.org.rules.size, 1, "the other run's rule, not a second one");
      assert.equal(applied.results[0]?.message, "already existed");
      assert.deepEqual(claims(orgs), []);
      assert.deepEqual((await plan(state)).changes, []);
    }));

  it("the ledger's claim left by a killed run is in the plan, and apply releases it", () =>
    withOrgs(async (orgs) => {
      const state = orgs.load(desiredState(rules, ["eu"]));
      const left = orgs.eu.org.seedMonitor(claimMonitor(ACCOUNT, LEDGER_SUBJECT));
      left.created = new Date(Date.now() - 3_600_000).toISOString();
      const planned = await plan(state);
      const release = planned.changes.find((c) => c.object === "ledger/claim");
      assert.ok(release, planned.changes.map((c) => c.id).join(", "));
      assert.equal(release.action, "update", "bookkeeping: nothing of anyone's is deleted");
      const { applied } = await reconcile(state);
      assert.ok(applied.ok, JSON.stringify(applied.results));
      assert.equal(orgs.eu.org.monitors.has(left.id as number), false);
      assert.deepEqual(claims(orgs), []);
      assert.deepEqual((await plan(state)).changes, []);
    }));
});
