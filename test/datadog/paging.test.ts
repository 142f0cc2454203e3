import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createJsonLogger } from "../../src/core/log.js";
import { apply, desiredState, env, errorRateMonitor, Orgs, plan, reconcile } from "./harness.js";

const paging = (regions: string[]) => ({
  monitors: [{ ...errorRateMonitor, regions }],
  pagerduty_services: [{ name: "Platform-${region.name}", regions, service_key_env: "PAGERDUTY_KEY_${region.name}" }],
  notification_rules: [
    {
      name: "Route ${region.name} monitors to ${region.name} on-call",
      regions,
      scope: "region:${region.cloud_region}",
      recipients: ["@pagerduty-Platform-${region.name}", "slack-oncall-${region.name}"],
    },
  ],
});

describe("datadog paging targets", () => {
  let orgs: Orgs;
  before(async () => {
    orgs = await Orgs.start();
    assert.ok((await reconcile(orgs.load(desiredState(paging(["us"]), ["us"])))).applied.ok);
  });
  after(() => orgs.close());

  it("adding a region creates its monitors and paging targets, and nothing in the other region", async () => {
    const state = orgs.load(desiredState(paging(["us", "eu"])));
    const { plan: planned, applied } = await reconcile(state);
    assert.deepEqual(
      planned.changes.map((c) => [c.account, c.kind, c.action, c.name]),
      [
        ["datadog-eu", "pagerduty_service", "create", "Platform-eu"],
        ["datadog-eu", "notification_rule", "create", "Route eu monitors to eu on-call"],
        ["datadog-eu", "monitor", "create", "[eu] API error rate is high"],
      ],
    );
    assert.ok(applied.ok, JSON.stringify(applied.results));
    assert.equal(orgs.eu.org.pagerduty.get("Platform-eu")?.service_key, env.PAGERDUTY_KEY_eu);
    const [rule] = [...orgs.eu.org.rules.values()];
    assert.deepEqual(rule?.attributes.filter, { scope: "region:eu-west-1" });
    assert.deepEqual(rule?.attributes.recipients, ["pagerduty-Platform-eu", "slack-oncall-eu"]);
    assert.deepEqual((await plan(state)).changes, [], "a second run shows no changes");
  });

  it("detects a changed PagerDuty key through the ledger's fingerprint, without ever showing the key", async () => {
    const rotated = { ...env, PAGERDUTY_KEY_eu: "pd-eu-key-rotated-cccccccccccc" };
    const state = orgs.load(desiredState(paging(["us", "eu"])));
    const lines: string[] = [];
    const logger = createJsonLogger({ level: "debug", write: (l) => lines.push(l) });
    const { plan: planned, applied } = await reconcile(state, { env: rotated, logger });
    assert.deepEqual(
      planned.changes.map((c) => [c.id, c.diffs]),
      [
        [
          "datadog/datadog-eu/pagerduty_service/Platform-eu#update",
          [{ path: "service_key", op: "change", sensitive: true }],
        ],
      ],
    );
    const text = JSON.stringify(planned) + lines.join("");
    for (const secret of Object.values(rotated)) assert.ok(!text.includes(secret!), "no key in plan or logs");
    assert.deepEqual(
      applied.results.map((r) => [r.changeId, r.status]),
      [[planned.changes[0]!.id, "applied"]],
    );
    assert.equal(orgs.eu.org.pagerduty.get("Platform-eu")?.service_key, rotated.PAGERDUTY_KEY_eu);
    assert.deepEqual((await plan(state, { env: rotated })).changes, []);
  });

  it("refuses to apply a key that changed between plan and apply", async () => {
    const state = orgs.load(desiredState(paging(["us", "eu"])));
    const planned = await plan(state, { env: { ...env, PAGERDUTY_KEY_us: "pd-us-key-next-dddddddddddd" } });
    const change = planned.changes.find((c) => c.id === "datadog/datadog-us/pagerduty_service/Platform-us#update");
    assert.ok(change, "the key in the environment differs from the one the ledger records");
    const report = await apply({ ...planned, changes: [change] }, state, { env });
    const [result] = report.results;
    assert.equal(result?.changeId, change.id);
    assert.equal(result?.status, "failed");
    assert.match(result?.message ?? "", /PAGERDUTY_KEY_us changed since the plan/);
  });

  it("never writes a notification rule it did not create, and reports the name collision", async () => {
    orgs.us.org.rules.set("hand-made", {
      id: "hand-made",
      attributes: { name: "Escalate us", filter: { scope: "team:platform" }, recipients: ["slack-platform"] },
    });
    const doc = desiredState(paging(["us", "eu"]));
    doc.setIn(["resources", "datadog", "notification_rules", 1], {
      name: "Escalate ${region.name}",
      regions: ["us"],
      scope: "team:platform",
      recipients: ["pagerduty-Platform-us"],
    });
    const { plan: planned } = await reconcile(orgs.load(doc), { allowDelete: true });
    const rules = planned.changes.filter((c) => c.kind === "notification_rule");
    assert.deepEqual(
      rules.map((c) => [c.action, c.name]),
      [["manual", "Escalate us"]],
    );
    assert.match(rules[0]!.instructions?.summary ?? "", /not made by regionsync/);
    assert.deepEqual(orgs.us.org.rules.get("hand-made")?.attributes.recipients, ["slack-platform"]);
  });

  it("removing a region deletes its paging targets only when deletes are allowed", async () => {
    const state = orgs.load(desiredState(paging(["us"]), ["us"]));
    const held = await reconcile(state);
    assert.deepEqual(held.plan.changes.map((c) => [c.kind, c.action, c.status]).sort(), [
      ["monitor", "delete", "held"],
      ["notification_rule", "delete", "held"],
      ["pagerduty_service", "delete", "held"],
    ]);
    assert.equal(orgs.eu.org.rules.size, 1);
    const { applied } = await reconcile(state, { allowDelete: true });
    assert.ok(applied.ok, JSON.stringify(applied.results));
    assert.equal(orgs.eu.org.rules.size, 0);
    assert.equal(orgs.eu.org.pagerduty.size, 0);
    assert.equal(orgs.us.org.rules.size, 2, "the US rules, owned and hand-made, stay");
    assert.deepEqual((await plan(state, { allowDelete: true })).changes, []);
  });
});

describe("datadog Opsgenie services", () => {
  let orgs: Orgs;
  const keys = { ...env, OPSGENIE_KEY_us: "og-us-key-0000000000000000", OPSGENIE_KEY_eu: "og-eu-key-1111111111111111" };
  const declared = (opsgenie_region: string) => ({
    opsgenie_services: [
      {
        name: "platform-${region.name}",
        regions: ["us", "eu"],
        opsgenie_region,
        api_key_env: "OPSGENIE_KEY_${region.name}",
      },
    ],
  });
  before(async () => {
    orgs = await Orgs.start();
    // Made by hand in the EU org before regionsync: its key is unknown, so regionsync writes it once.
    orgs.eu.org.opsgenie.set("og-1", {
      id: "og-1",
      name: "platform-eu",
      region: "us",
      custom_url: null,
      opsgenie_api_key: "typed-in-by-hand",
    });
  });
  after(() => orgs.close());

  it("creates the missing service, adopts the existing one by writing its key once, then shows no changes", async () => {
    const state = orgs.load(desiredState(declared("eu")));
    const { plan: planned, applied } = await reconcile(state, { env: keys });
    assert.deepEqual(
      planned.changes.map((c) => [c.account, c.action, c.diffs.map((d) => d.path)]),
      [
        ["datadog-us", "create", ["api_key"]],
        ["datadog-eu", "update", ["opsgenie_region", "api_key"]],
      ],
    );
    assert.ok(applied.ok, JSON.stringify(applied.results));
    assert.equal(orgs.eu.org.opsgenie.get("og-1")?.opsgenie_api_key, keys.OPSGENIE_KEY_eu);
    assert.equal(orgs.eu.org.opsgenie.get("og-1")?.region, "eu");
    assert.equal([...orgs.us.org.opsgenie.values()][0]?.opsgenie_api_key, keys.OPSGENIE_KEY_us);
    assert.deepEqual((await plan(state, { env: keys })).changes, []);
  });

  it("shows a rotated key as a sensitive change", async () => {
    const rotated = { ...keys, OPSGENIE_KEY_us: "og-us-key-rotated-22222222" };
    const planned = await plan(orgs.load(desiredState(declared("eu"))), { env: rotated });
    assert.deepEqual(
      planned.changes.map((c) => [c.account, c.action, c.diffs]),
      [["datadog-us", "update", [{ path: "api_key", op: "change", sensitive: true }]]],
    );
    assert.ok(!JSON.stringify(planned).includes(rotated.OPSGENIE_KEY_us));
  });
});
