import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { observabilityConfigFromEnv } from "./config.js";

describe("observabilityConfigFromEnv", () => {
  it("configures nothing by default", () => {
    assert.deepEqual(observabilityConfigFromEnv({}), {});
  });

  it("reads every channel", () => {
    const config = observabilityConfigFromEnv({
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
        () => observabilityConfigFromEnv(env),
        (e: Error) => message.test(e.message) && !e.message.includes("secret123"),
      );
    }
  });
});
