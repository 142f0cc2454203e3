import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type DatadogEmulator, startDatadogEmulator } from "../../emulators/datadog/index.js";
import { client, v1 } from "../../src/providers/datadog/session-sdk.js";

const keys = { "DD-API-KEY": "k", "DD-APPLICATION-KEY": "a", "content-type": "application/json" };

describe("datadog emulator", () => {
  let dd: DatadogEmulator;
  let monitors: v1.MonitorsApi;
  let pagerduty: v1.PagerDutyIntegrationApi;
  before(async () => {
    dd = await startDatadogEmulator({ rateLimit: { limit: 1000, periodSeconds: 10 } });
    const conf = client.createConfiguration({
      baseServer: new client.BaseServerConfiguration(dd.url, {}),
      authMethods: { apiKeyAuth: "k", appKeyAuth: "a" },
    });
    monitors = new v1.MonitorsApi(conf);
    pagerduty = new v1.PagerDutyIntegrationApi(conf);
  });
  after(() => dd.close());

  const body = (name: string) =>
    Object.assign(new v1.Monitor(), {
      name: `  ${name}  `,
      type: "metric alert",
      query: "avg(last_5m):avg:system.load.1{host:a} > 2",
      message: " Load is high. @slack-ops ",
      tags: ["Team:Ops", "team:ops", "env:prod"],
      options: Object.assign(new v1.MonitorOptions(), { thresholds: { critical: 2 } }),
    });

  it("answers a create as Datadog does: server fields, normalisations and defaults", async () => {
    const created = await monitors.createMonitor({ body: body("Load") });
    assert.equal(created.name, "Load");
    assert.equal(created.type, "query alert");
    assert.equal(created.message, "Load is high. @slack-ops");
    assert.deepEqual(created.tags, ["team:ops", "env:prod"]);
    assert.equal(created.options?.includeTags, true);
    assert.equal(created.options?.newHostDelay, 300);
    assert.equal(created.overallState, "No Data");
    assert.ok(created.id && created.created && created.creator?.email);
    assert.equal(created.additionalProperties?.org_id, dd.org.orgId);
  });

  it("refuses an identical monitor with Datadog's duplicate error", async () => {
    const [existing] = [...dd.org.monitors.values()];
    await assert.rejects(
      monitors.createMonitor({ body: body("Load") }),
      (e: client.ApiException<{ errors: string[] }>) => {
        assert.equal(e.code, 400);
        assert.match(e.body.errors[0]!, new RegExp(`Duplicate of an existing monitor_id:${String(existing!.id)}`));
        return true;
      },
    );
  });

  it("lists by the monitor's own tags, or by query scope, with and without pages", async () => {
    for (let i = 0; i < 4; i++) await monitors.createMonitor({ body: body(`Load ${i}`) });
    await monitors.createMonitor({
      body: Object.assign(body("Other"), { tags: ["team:web"], query: "avg(last_5m):avg:system.load.1{host:b} > 2" }),
    });
    assert.equal((await monitors.listMonitors()).length, 6);
    assert.equal((await monitors.listMonitors({ monitorTags: "team:ops" })).length, 5);
    assert.equal((await monitors.listMonitors({ tags: "host:b" })).length, 1);
    const page = await monitors.listMonitors({ monitorTags: "team:ops", page: 1, pageSize: 2 });
    assert.deepEqual(
      page.map((m) => m.name),
      ["Load 1", "Load 2"],
    );
  });

  it("validates the query against its thresholds and the message's braces", async () => {
    const bad = Object.assign(body("Bad"), { message: "Load is {{value oops" });
    bad.options!.thresholds = { critical: 3 };
    await assert.rejects(monitors.validateMonitor({ body: bad }), (e: client.ApiException<{ errors: string[] }>) => {
      assert.deepEqual(e.body.errors, [
        "In message: unbalanced braces",
        "Alert threshold (3) does not match that used in the query (2).",
      ]);
      return true;
    });
    assert.deepEqual(await monitors.validateMonitor({ body: body("Good") }), {});
  });

  it("never returns a PagerDuty key", async () => {
    await pagerduty.createPagerDutyIntegrationService({
      body: { serviceName: "Platform-eu", serviceKey: "secret-key" },
    });
    const read = await pagerduty.getPagerDutyIntegrationService({ serviceName: "Platform-eu" });
    assert.deepEqual(JSON.parse(JSON.stringify(read)), { serviceName: "Platform-eu" });
  });

  it("checks keys, requests against the official description, and sends x-ratelimit headers", async () => {
    const anonymous = await fetch(`${dd.url}/api/v1/monitor`);
    assert.equal(anonymous.status, 403);
    const invalid = await fetch(`${dd.url}/api/v1/monitor`, {
      method: "POST",
      headers: keys,
      body: JSON.stringify({ name: "x", type: "not a type", query: "q" }),
    });
    assert.equal(invalid.status, 400);
    assert.match(JSON.stringify(await invalid.json()), /type/);
    const listed = await fetch(`${dd.url}/api/v1/monitor?page=0`, { headers: keys });
    assert.equal(listed.headers.get("x-ratelimit-limit"), "1000");
    assert.equal(listed.headers.get("x-ratelimit-period"), "10");
    assert.ok(Number(listed.headers.get("x-ratelimit-remaining")) < 1000);
    assert.ok(Number(listed.headers.get("x-ratelimit-reset")) <= 10);
  });
});
