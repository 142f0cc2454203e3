import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { observabilityConfig } from "./config.js";

describe("observabilityConfig", () => {
  it("configures nothing by default", () => {
    assert.deepEqual(observabilityConfig({}), {});
  });

  it("reads every channel", () => {
    const config = observabilityConfig({
      REGIONSYNC_METRICS_TEXTFILE: "/var/lib/node_exporter/regionsync.prom",
      REGIONSYNC_PUSHGATEWAY_URL: "http://pushgateway:9091",
      REGIONSYNC_PUSHGATEWAY_INSTANCE: "eu",
      REGIONSYNC_SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T/B/x",
      REGIONSYNC_SLACK_NOTIFY_ON: "failure",
      REGIONSYNC_REPORT_TIMEOUT_MS: "5000",
    });
    assert.deepEqual(config, {
      textfile: "/var/lib/node_exporter/regionsync.prom",
      pushgateway: { url: "http://pushgateway:9091", job: "regionsync", instance: "eu", timeoutMs: 5000 },
      slack: { webhookUrl: "https://hooks.slack.com/services/T/B/x", notifyOn: "failure", timeoutMs: 5000 },
    });
  });

  it("prefers flags, and reads the webhook from the variable --slack-webhook-env names", () => {
    const config = observabilityConfig(
      { REGIONSYNC_METRICS_TEXTFILE: "/x/env.prom", OPS_SLACK: "https://hooks.slack.com/services/T/B/y" },
      { metricsFile: "/x/flag.prom", pushgateway: "http://gw:9091", slackWebhookEnv: "OPS_SLACK" },
    );
    assert.equal(config.textfile, "/x/flag.prom");
    assert.equal(config.pushgateway?.url, "http://gw:9091");
    assert.equal(config.slack?.webhookUrl, "https://hooks.slack.com/services/T/B/y");
    assert.throws(() => observabilityConfig({}, { slackWebhookEnv: "OPS_SLACK" }), /OPS_SLACK is not set/);
  });

  it("names the variable, never its value, when one is wrong", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ REGIONSYNC_SLACK_WEBHOOK_URL: "not a url secret123" }, /REGIONSYNC_SLACK_WEBHOOK_URL is not a URL/],
      [{ REGIONSYNC_PUSHGATEWAY_URL: "ftp://secret123@x" }, /REGIONSYNC_PUSHGATEWAY_URL must be an http/],
      [{ REGIONSYNC_METRICS_TEXTFILE: "/tmp/metrics.txt" }, /must end in \.prom/],
      [{ REGIONSYNC_SLACK_WEBHOOK_URL: "https://x", REGIONSYNC_SLACK_NOTIFY_ON: "always" }, /drift or failure/],
      [{ REGIONSYNC_REPORT_TIMEOUT_MS: "-1" }, /positive integer/],
    ];
    for (const [env, message] of cases) {
      assert.throws(
        () => observabilityConfig(env),
        (e: Error) => message.test(e.message) && !e.message.includes("secret123"),
      );
    }
  });
});
