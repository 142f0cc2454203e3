import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadDesiredStateText } from "../../src/config/index.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderPlan } from "../../src/report/terminal.js";
import { allowingEndpointsOf } from "../support/operator.js";
import { desiredState, errorRateMonitor, latencyMonitor, Orgs, plan, providers } from "./harness.js";

describe("monitors that watch their region", () => {
  let orgs: Orgs;
  before(async () => {
    orgs = await Orgs.start();
    // The error metric reports both regions; the latency metric reports only the US so far.
    for (const dd of [orgs.us, orgs.eu]) {
      dd.org.metricTags.set("trace.http.request.errors", {
        tags: ["region:us-east-1", "region:eu-west-1", "service:api"],
      });
      dd.org.metricTags.set("trace.http.request", { tags: ["service:api"], ingested_tags: ["region:us-east-1"] });
    }
  });
  after(() => orgs.close());

  it("shows a monitor on a metric without its region's tag value as a warning; one on a tagged metric is not", async () => {
    orgs.resetLogs();
    const planned = await plan(orgs.load(desiredState({ monitors: [errorRateMonitor, latencyMonitor] })));
    assert.deepEqual(
      planned.diagnostics.map((d) => [d.severity, d.code, d.instance]),
      [["warning", "datadog.monitor-never-fires", "datadog/monitor/[eu] API p99 latency@eu"]],
    );
    assert.match(
      planned.diagnostics[0]!.message,
      /won't fire: metric trace\.http\.request has not reported region:eu-west-1 .*it reports region:us-east-1/,
    );
    const cells = Object.fromEntries(planned.coverage.map((r) => [r.name, r.cells]));
    assert.deepEqual(cells["[${region.name}] API p99 latency"], { us: "will-change", eu: "warning" });
    assert.deepEqual(cells["[${region.name}] API error rate is high"], { us: "will-change", eu: "will-change" });
    assert.match(renderPlan(planned), /API p99 latency\s+will change\s+warning/);
    assert.match(renderMarkdown(planned), /⚠️ warning/);
    const reads = [...orgs.us.server.requests, ...orgs.eu.server.requests].filter((r) => r.path.includes("/all-tags"));
    assert.equal(reads.length, 4, "one read per metric and org");
    assert.ok(reads.every((r) => r.method === "GET" && r.status === 200));
    assert.deepEqual(orgs.writes(), []);
  });

  it("says so when the metric is unknown to the org", async () => {
    orgs.eu.org.metricTags.delete("trace.http.request.errors");
    try {
      const planned = await plan(
        orgs.load(desiredState({ monitors: [{ ...errorRateMonitor, regions: ["eu"] }] }, ["eu"])),
      );
      assert.match(
        planned.diagnostics[0]?.message ?? "",
        /trace\.http\.request\.errors .*Datadog knows no such metric/,
      );
      assert.equal(planned.coverage[0]?.cells.eu, "warning");
    } finally {
      orgs.eu.org.metricTags.set("trace.http.request.errors", { tags: ["region:eu-west-1"] });
    }
  });

  it("validate warns when a regional monitor's query does not filter on its region tag", () => {
    const unfiltered = {
      ...errorRateMonitor,
      query: errorRateMonitor.query.replace(",region:${region.cloud_region}", ""),
    };
    const text = desiredState({ monitors: [unfiltered, latencyMonitor] }).toString();
    const { state, diagnostics } = loadDesiredStateText(
      text,
      "desired-state.yaml",
      providers,
      allowingEndpointsOf(text),
    );
    assert.ok(state, "a warning does not stop the plan");
    assert.deepEqual(
      diagnostics.map((d) => [d.severity, d.code, d.instance]),
      [
        ["warning", "datadog.monitor-region-filter", "datadog/monitor/[us] API error rate is high@us"],
        ["warning", "datadog.monitor-region-filter", "datadog/monitor/[eu] API error rate is high@eu"],
      ],
    );
    assert.match(
      diagnostics[1]!.message,
      /tagged region:eu-west-1, but its query reads trace\.http\.request\.errors without filtering/,
    );
  });
});
