/**
 * A person's edit made while `apply` runs survives it (issue 15). Datadog has no conditional writes, so apply reads an
 * owned monitor right before writing it and keeps the tags people added; only tags regionsync set are its to remove.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { silentLogger } from "../../src/core/log.js";
import { applyRun, SessionPool } from "../../src/reconciler/index.js";
import { connectOptions } from "../support/connect.js";
import { desiredState, env, errorRateMonitor, latencyMonitor, Orgs, plan, providers, reconcile } from "./harness.js";

const monitor = (orgs: Orgs, name: string) => [...orgs.us.org.monitors.values()].find((m) => m.name === name)!;
const raised = (m: { query: string; tags: string[] }, tags = m.tags) => ({
  ...m,
  regions: ["us"],
  tags,
  query: m.query.replace(/> (\d+)$/, (_x, n: string) => `> ${Number(n) * 2}`),
  options: { thresholds: { critical: Number(/> (\d+)$/.exec(m.query)![1]) * 2 } },
});

describe("datadog: an edit made during apply", () => {
  let orgs: Orgs;
  before(async () => {
    orgs = await Orgs.start();
  });
  after(() => orgs.close());

  it("a tag added by hand to an owned monitor while apply writes another survives regionsync's write", async () => {
    const initial = [errorRateMonitor, latencyMonitor].map((m) => ({ ...m, regions: ["us"] }));
    assert.ok((await reconcile(orgs.load(desiredState({ monitors: initial }, ["us"])))).applied.ok);
    const state = orgs.load(desiredState({ monitors: [raised(errorRateMonitor), raised(latencyMonitor)] }, ["us"]));
    const planned = await plan(state);
    assert.deepEqual(
      planned.changes.map((c) => `${c.name}#${c.action}`),
      ["[us] API error rate is high#update", "[us] API p99 latency#update"],
    );
    const first = monitor(orgs, "[us] API error rate is high").id as number;
    const second = monitor(orgs, "[us] API p99 latency");
    // When regionsync starts on the first monitor, a person tags the second one in the web app.
    orgs.us.server.onArrival((req) => {
      if (req.method === "GET" && req.params.monitor_id === String(first)) {
        second.tags = [...(second.tags as string[]), "slo:checkout-latency"];
      }
    });
    const pool = new SessionPool(providers, env, silentLogger, connectOptions());
    const report = await applyRun(planned, state.accounts, pool, { concurrency: 1, logger: silentLogger });
    await pool.close();
    assert.ok(report.ok, JSON.stringify(report.results));
    const tags = monitor(orgs, "[us] API p99 latency").tags as string[];
    assert.ok(tags.includes("slo:checkout-latency"), `the hand-added tag is gone: ${tags.join(", ")}`);
    assert.match(String(monitor(orgs, "[us] API p99 latency").query), /> 4$/, "regionsync's change was written");
  });

  it("a tag dropped from the file is removed; tags people added stay, even one the file declared later", async () => {
    const name = "[us] API error rate is high";
    const m = monitor(orgs, name);
    m.tags = [...(m.tags as string[]), "tier:1", "owner:sre"];
    const declared = ["service:api", "region:${region.cloud_region}", "tier:1"];
    assert.ok(
      (await reconcile(orgs.load(desiredState({ monitors: [raised(errorRateMonitor, declared)] }, ["us"])))).applied.ok,
    );
    assert.ok(!(monitor(orgs, name).tags as string[]).includes("team:platform"), "regionsync's dropped tag is removed");
    const dropped = ["service:api", "region:${region.cloud_region}"];
    const last = await reconcile(orgs.load(desiredState({ monitors: [raised(errorRateMonitor, dropped)] }, ["us"])));
    assert.ok(last.applied.ok);
    const tags = monitor(orgs, name).tags as string[];
    assert.ok(tags.includes("tier:1"), "a person added tier:1 before the file declared it: it stays theirs");
    assert.ok(tags.includes("owner:sre"));
    assert.ok(tags.includes("service:api"));
  });
});
