import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadDesiredStateText } from "../../src/config/index.js";
import { allowingEndpointsOf } from "../support/operator.js";
import { desiredState, errorRateMonitor, latencyMonitor, Orgs, plan, providers, reconcile } from "./harness.js";

const monitors = (resources: unknown[]) => ({ monitors: resources });
const byName = (orgs: Orgs, account: "us" | "eu", name: string) =>
  [...orgs[account].org.monitors.values()].filter((m) => m.name === name);

describe("datadog monitors", () => {
  let orgs: Orgs;
  before(async () => {
    orgs = await Orgs.start();
  });
  after(() => orgs.close());

  it("creates one region-tagged monitor per region, and a second run shows no changes", async () => {
    const state = orgs.load(desiredState(monitors([errorRateMonitor, latencyMonitor])));
    const { plan: first, applied } = await reconcile(state);
    assert.deepEqual(first.changes.map((c) => [c.account, c.action, c.name]).sort(), [
      ["datadog-eu", "create", "[eu] API error rate is high"],
      ["datadog-eu", "create", "[eu] API p99 latency"],
      ["datadog-us", "create", "[us] API error rate is high"],
      ["datadog-us", "create", "[us] API p99 latency"],
    ]);
    assert.ok(applied.ok);
    const [eu] = byName(orgs, "eu", "[eu] API error rate is high");
    assert.ok(eu);
    assert.ok((eu.tags as string[]).includes("region:eu-west-1"));
    assert.ok((eu.tags as string[]).includes("managed-by:regionsync"));
    assert.equal(
      eu.message,
      "Error rate on {{service.name}} in eu is {{value}}.\n@pagerduty-Platform-eu @slack-oncall-eu",
    );

    orgs.resetLogs();
    const second = await plan(state);
    assert.deepEqual(second.changes, []);
    assert.deepEqual(orgs.writes(), [], "observe, plan and preflight never write");
  });

  it("compares after Datadog's normalisations: type, tag case and duplicates, trimmed text, defaults, floats", async () => {
    // The latency monitor declares `metric alert` (returned as `query alert`), `Team:Platform` and a duplicate tag.
    const us = byName(orgs, "us", "[us] API p99 latency")[0]!;
    assert.equal(us.type, "query alert");
    assert.equal((us.options as Record<string, unknown>).new_host_delay, 300);
    // Someone opens the monitor in the UI and saves it: the server re-fills defaults and keeps 2 as 2.0.
    us.options = { ...(us.options as object), thresholds: { critical: 2.0 }, include_tags: true };
    const state = orgs.load(desiredState(monitors([errorRateMonitor, latencyMonitor])));
    assert.deepEqual((await plan(state)).changes, []);
  });

  it("updates a changed template in place, keeping every monitor's id", async () => {
    const before = byName(orgs, "us", "[us] API error rate is high")[0]!.id;
    const changed = {
      ...errorRateMonitor,
      query: errorRateMonitor.query.replace("> 50", "> 80"),
      options: { thresholds: { critical: 80, warning: 40 }, notify_no_data: false },
    };
    const state = orgs.load(desiredState(monitors([changed, latencyMonitor])));
    const { plan: planned, applied } = await reconcile(state);
    assert.deepEqual(
      planned.changes.map((c) => c.action),
      ["update", "update"],
    );
    assert.deepEqual(planned.changes[0]!.diffs.map((d) => d.path).sort(), ["options.thresholds", "query"]);
    assert.ok(applied.ok);
    const now = byName(orgs, "us", "[us] API error rate is high");
    assert.equal(now.length, 1);
    assert.equal(now[0]!.id, before);
    assert.match(String(now[0]!.query), /> 80$/);
    assert.deepEqual((await plan(state)).changes, []);
  });

  it("reports drift on an observe-only monitor and never writes it", async () => {
    const observed = { ...latencyMonitor, policy: "observe", query: latencyMonitor.query.replace("> 2", "> 5") };
    observed.options = { thresholds: { critical: 5 } };
    orgs.resetLogs();
    const { plan: planned } = await reconcile(orgs.load(desiredState(monitors([errorRateMonitor, observed]))));
    const drift = planned.changes.filter((c) => c.name.endsWith("p99 latency"));
    assert.deepEqual(drift.map((c) => [c.name, c.action, c.status]).sort(), [
      ["[eu] API p99 latency", "update", "observe-only"],
      ["[us] API p99 latency", "update", "observe-only"],
    ]);
    const ids = drift.map((c) => `/${String((c.payload as { monitorId: number }).monitorId)}`);
    assert.ok(!orgs.writes().some((w) => ids.some((id) => w.path.endsWith(id))));
  });

  it("keeps options it does not declare when it updates an owned monitor", async () => {
    const [us] = byName(orgs, "us", "[us] API p99 latency");
    us!.options = { ...(us!.options as object), renotify_interval: 60 };
    const changed = {
      ...latencyMonitor,
      message: `${latencyMonitor.message}\nRunbook: https://runbooks.example.com/api`,
    };
    const { applied } = await reconcile(orgs.load(desiredState(monitors([errorRateMonitor, changed]))));
    assert.ok(applied.ok);
    const [after] = byName(orgs, "us", "[us] API p99 latency");
    assert.equal((after!.options as Record<string, unknown>).renotify_interval, 60);
  });
});

describe("datadog monitors made by hand", () => {
  let orgs: Orgs;
  before(async () => {
    orgs = await Orgs.start();
  });
  after(() => orgs.close());

  it("never touches a hand-made monitor with a colliding name, and reports the collision", async () => {
    const handMade = orgs.eu.org.seedMonitor(
      {
        name: "[eu] API p99 latency",
        type: "query alert",
        query: "avg(last_5m):p99:trace.http.request{service:api} > 3",
        message: "Made by hand. @slack-eu",
        tags: ["team:platform"],
        options: { thresholds: { critical: 3 } },
      },
      { email: "jane@example.com", handle: "jane@example.com", name: "Jane" },
    );
    const snapshot = structuredClone(handMade);
    const state = orgs.load(desiredState(monitors([errorRateMonitor, latencyMonitor])));
    const { plan: planned } = await reconcile(state);
    const collision = planned.changes.find((c) => c.name === "[eu] API p99 latency");
    assert.equal(collision?.action, "manual", "a person decides whether regionsync may adopt it");
    assert.match(collision?.instructions?.summary ?? "", /made by hand \(id \d+ by jane@example.com\)/);
    assert.equal(collision?.instructions?.url, `https://app.datadoghq.eu/monitors/${String(handMade.id)}`);
    assert.equal(byName(orgs, "eu", "[eu] API p99 latency").length, 1);
    assert.deepEqual(orgs.eu.org.monitors.get(handMade.id as number), snapshot);
    assert.ok(!orgs.writes().some((w) => w.path.endsWith(`/${String(handMade.id)}`)));
    // The other monitors of the region were created all the same.
    assert.equal(byName(orgs, "eu", "[eu] API error rate is high").length, 1);
  });

  it("never deletes a monitor without the ownership tag, even with deletes allowed", async () => {
    const state = orgs.load(desiredState(monitors([])));
    const { plan: planned } = await reconcile(state, { allowDelete: true });
    const deleted = planned.changes.filter((c) => c.action === "delete").map((c) => c.name);
    assert.ok(!deleted.includes("[eu] API p99 latency"));
    assert.equal(byName(orgs, "eu", "[eu] API p99 latency").length, 1);
  });
});

describe("datadog monitors of a removed region", () => {
  let orgs: Orgs;
  before(async () => {
    orgs = await Orgs.start();
    orgs.eu.org.seedMonitor({
      name: "Hand-made EU disk monitor",
      type: "query alert",
      query: "avg(last_5m):avg:system.disk.in_use{*} > 0.9",
      message: "Disk. @slack-eu",
      tags: ["team:infra"],
    });
    const { applied } = await reconcile(orgs.load(desiredState(monitors([errorRateMonitor, latencyMonitor]))));
    assert.ok(applied.ok);
  });
  after(() => orgs.close());

  const usOnly = () => {
    const only = (m: typeof errorRateMonitor | typeof latencyMonitor) => ({ ...m, regions: ["us"] });
    return desiredState(monitors([only(errorRateMonitor), only(latencyMonitor)]));
  };

  it("plans deletes of the region's owned monitors but holds them while deletes are not allowed", async () => {
    const state = orgs.load(usOnly());
    const { plan: planned } = await reconcile(state);
    const deletes = planned.changes.filter((c) => c.action === "delete");
    assert.deepEqual(deletes.map((c) => [c.name, c.status, c.delete_count, c.regions]).sort(), [
      ["[eu] API error rate is high", "held", 1, ["eu"]],
      ["[eu] API p99 latency", "held", 1, ["eu"]],
    ]);
    for (const c of deletes) {
      const monitorId = (c.payload as { monitorId: number }).monitorId;
      assert.equal(c.id, `datadog/datadog-eu/monitor/${c.name}/${monitorId}#delete`, "a delete names the monitor's id");
    }
    assert.equal(orgs.eu.org.monitors.size, 3);
  });

  it("deletes only owned monitors when deletes are allowed", async () => {
    const { applied } = await reconcile(orgs.load(usOnly()), { allowDelete: true });
    assert.ok(applied.ok);
    assert.deepEqual(
      [...orgs.eu.org.monitors.values()].map((m) => m.name),
      ["Hand-made EU disk monitor"],
    );
    assert.equal(byName(orgs, "us", "[us] API error rate is high").length, 1);
  });
});

describe("datadog validation before writing", () => {
  let orgs: Orgs;
  before(async () => {
    orgs = await Orgs.start();
  });
  after(() => orgs.close());

  it("blocks the monitor Datadog rejects and creates every other one", async () => {
    const broken = {
      ...latencyMonitor,
      name: "[${region.name}] Broken braces",
      message: "{{#is_alert}}Latency is {{value}{{/is_alert}} ${region.paging}",
    };
    const state = orgs.load(desiredState(monitors([errorRateMonitor, broken])));
    orgs.resetLogs();
    const { plan: planned, applied } = await reconcile(state);
    const rejected = planned.diagnostics.filter((d) => d.severity === "error");
    assert.equal(rejected.length, 2);
    for (const d of rejected) {
      assert.match(d.message, /Datadog rejects monitor "\[(us|eu)\] Broken braces": In message: unbalanced braces/);
      assert.ok(d.change && d.instance);
    }
    assert.ok(applied.ok);
    assert.equal(byName(orgs, "us", "[us] API error rate is high").length, 1);
    assert.equal(byName(orgs, "eu", "[eu] API error rate is high").length, 1);
    assert.equal(byName(orgs, "us", "[us] Broken braces").length, 0);
    const validations = [...orgs.us.server.requests, ...orgs.eu.server.requests].filter(
      (r) => r.operationId === "ValidateMonitor",
    );
    assert.equal(validations.length, 4, "every monitor to create is validated during plan");
  });
});

describe("datadog monitors of a removed region sharing one org", () => {
  let orgs: Orgs;
  const shared = (regions: string[], allowDelete?: boolean) => {
    const doc = desiredState(
      monitors([errorRateMonitor, latencyMonitor].map((m) => ({ ...m, regions, account: "datadog-us" }))),
    );
    if (allowDelete) doc.setIn(["resources", "datadog", "monitors", 0, "allow_delete"], true);
    return doc;
  };
  before(async () => {
    orgs = await Orgs.start();
    assert.ok((await reconcile(orgs.load(shared(["us", "eu"])))).applied.ok);
  });
  after(() => orgs.close());

  it("attributes each delete to its declaration, so only that resource's allow_delete lets it run", async () => {
    const { plan: planned, applied } = await reconcile(orgs.load(shared(["us"], true)));
    assert.ok(applied.ok);
    const deletes = planned.changes.filter((c) => c.action === "delete");
    assert.deepEqual(deletes.map((c) => [c.name, c.declarations, c.status]).sort(), [
      ["[eu] API error rate is high", ["datadog/monitor/[${region.name}] API error rate is high"], "pending"],
      ["[eu] API p99 latency", ["datadog/monitor/[${region.name}] API p99 latency"], "held"],
    ]);
    assert.equal(byName(orgs, "us", "[eu] API error rate is high").length, 0);
    assert.equal(byName(orgs, "us", "[eu] API p99 latency").length, 1);
  });
});

describe("datadog accounts sharing one org", () => {
  let orgs: Orgs;
  before(async () => {
    orgs = await Orgs.start();
  });
  after(() => orgs.close());

  it("never takes another account's monitors for its own undeclared ones", async () => {
    const doc = desiredState(monitors([errorRateMonitor]));
    doc.setIn(["accounts", "datadog-eu", "endpoint"], orgs.us.url);
    doc.setIn(["accounts", "datadog-us", "endpoint"], orgs.us.url);
    const text = doc.toString();
    const { state } = loadDesiredStateText(text, "desired-state.yaml", providers, allowingEndpointsOf(text));
    const { plan: planned, applied } = await reconcile(state!, { allowDelete: true });
    assert.ok(applied.ok);
    assert.deepEqual(
      planned.changes.map((c) => c.action),
      ["create", "create"],
    );
    assert.equal(orgs.us.org.monitors.size, 2);
    const again = await plan(state!, { allowDelete: true });
    assert.deepEqual(again.changes, []);
  });
});
