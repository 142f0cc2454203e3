import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startRecorder } from "../../test/support/observability.js";
import { summary } from "../../test/support/scheduler.js";
import { pushMetrics } from "./pushgateway.js";

describe("pushMetrics", () => {
  it("POSTs the text format under job, mode and instance, with basic auth from the URL", async () => {
    const gateway = await startRecorder();
    try {
      const url = gateway.url.replace("http://", "http://pusher:s%40cret@");
      await pushMetrics({ url, job: "regionsync", instance: "prod eu", timeoutMs: 2000 }, summary());
      const [req] = gateway.requests;
      assert.equal(req?.method, "POST");
      assert.equal(req?.url, "/metrics/job/regionsync/mode/apply/instance/prod%20eu");
      assert.match(String(req?.headers["content-type"]), /^text\/plain; version=0\.0\.4/);
      assert.equal(req?.headers.authorization, `Basic ${Buffer.from("pusher:s@cret").toString("base64")}`);
      assert.match(req?.body ?? "", /^regionsync_drift\{provider="auth0"\} 2$/m);
      assert.match(req?.body ?? "", /^regionsync_last_success_timestamp_seconds 1767226502.5$/m);
    } finally {
      await gateway.close();
    }
  });

  it("leaves the gateway's last success alone when the run failed", async () => {
    const gateway = await startRecorder();
    try {
      await pushMetrics(
        { url: `${gateway.url}/prefix/`, job: "rs", timeoutMs: 2000 },
        summary({ ok: false, mode: "plan" }),
      );
      const [req] = gateway.requests;
      assert.equal(req?.url, "/prefix/metrics/job/rs/mode/plan");
      assert.equal(req?.headers.authorization, undefined);
      assert.doesNotMatch(req?.body ?? "", /last_success/);
      assert.match(req?.body ?? "", /^regionsync_last_run_success 0$/m);
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
