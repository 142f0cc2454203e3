import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startRecorder } from "../../test/support/observability.js";
import { startPushgateway } from "../../test/support/pushgateway.js";
import { summary } from "../../test/support/scheduler.js";
import { pushMetrics } from "./pushgateway.js";
import type { ScopeCounts } from "./summary.js";

const scope = (provider: string, account: string, region: string, drift: number): ScopeCounts => ({
  provider,
  account,
  region,
  drift,
  changes: { create: 0, update: drift, delete: 0, manual: 0 },
  applied: 0,
  failed: 0,
  errors: 0,
});

const drifted = [scope("auth0", "auth0-eu", "eu", 2), scope("datadog", "datadog-eu", "eu", 1)];
const converged = [scope("auth0", "auth0-eu", "eu", 0), scope("datadog", "datadog-eu", "eu", 0)];

describe("pushMetrics", () => {
  it("PUTs the run's group under job, mode and instance, and the last success in its own, with basic auth", async () => {
    const gateway = await startRecorder();
    try {
      const url = gateway.url.replace("http://", "http://pusher:s%40cret@");
      await pushMetrics({ url, job: "regionsync", instance: "prod eu", timeoutMs: 2000 }, summary({ scopes: drifted }));
      const [run, success] = gateway.requests;
      assert.deepEqual(
        gateway.requests.map((r) => `${r.method} ${r.url}`),
        [
          "PUT /metrics/job/regionsync/mode/apply/instance/prod%20eu",
          "PUT /metrics/job/regionsync/mode/apply/instance/prod%20eu/result/success",
        ],
      );
      assert.match(String(run?.headers["content-type"]), /^text\/plain; version=0\.0\.4/);
      assert.equal(run?.headers.authorization, `Basic ${Buffer.from("pusher:s@cret").toString("base64")}`);
      assert.match(run?.body ?? "", /^regionsync_drift\{provider="auth0",account="auth0-eu",region="eu"\} 2$/m);
      assert.doesNotMatch(run?.body ?? "", /last_success/);
      assert.match(success?.body ?? "", /^regionsync_last_success_timestamp_seconds 1767226502.5$/m);
    } finally {
      await gateway.close();
    }
  });

  it("a group cleared of drift shows 0 on the gateway, and a scope gone from the run leaves it", async () => {
    const gateway = await startPushgateway();
    try {
      const config = { url: gateway.url, job: "regionsync", timeoutMs: 2000 };
      await pushMetrics(config, summary({ mode: "plan", scopes: drifted }));
      const eu = { job: "regionsync", mode: "plan", provider: "auth0", account: "auth0-eu", region: "eu" };
      assert.equal(gateway.value("regionsync_drift", eu), 2);
      await pushMetrics(config, summary({ mode: "plan", scopes: converged.slice(0, 1) }));
      assert.equal(gateway.value("regionsync_drift", eu), 0);
      assert.equal(gateway.value("regionsync_drift", { provider: "datadog" }), undefined, "no stale datadog series");
      assert.equal(gateway.value("regionsync_last_success_timestamp_seconds", { mode: "plan" }), 1767226502.5);
    } finally {
      await gateway.close();
    }
  });

  it("keeps the gateway's last success when the run failed", async () => {
    const gateway = await startPushgateway();
    try {
      const config = { url: `${gateway.url}/`, job: "rs", timeoutMs: 2000 };
      await pushMetrics(config, summary({ mode: "plan", scopes: converged }));
      const later = { startedAt: "2026-01-01T01:00:00Z", finishedAt: "2026-01-01T01:00:01Z" };
      await pushMetrics(config, summary({ mode: "plan", ok: false, scopes: drifted, ...later }));
      assert.deepEqual(
        gateway.requests.map((r) => r.url),
        ["/metrics/job/rs/mode/plan", "/metrics/job/rs/mode/plan/result/success", "/metrics/job/rs/mode/plan"],
      );
      assert.equal(gateway.value("regionsync_last_run_success", { mode: "plan" }), 0);
      assert.equal(gateway.value("regionsync_last_run_timestamp_seconds"), 1767229201);
      assert.equal(gateway.value("regionsync_last_success_timestamp_seconds", { result: "success" }), 1767226502.5);
      assert.equal(gateway.value("regionsync_drift", { provider: "datadog" }), 1);
    } finally {
      await gateway.close();
    }
  });

  it("rejects on a gateway error", async () => {
    const gateway = await startRecorder(500);
    try {
      await assert.rejects(pushMetrics({ url: gateway.url, job: "rs", timeoutMs: 2000 }, summary()), /500/);
    } finally {
      await gateway.close();
    }
  });
});
