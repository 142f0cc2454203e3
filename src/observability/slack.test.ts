import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startRecorder } from "../../test/support/observability.js";
import { summary } from "../../test/support/scheduler.js";
import { notifySlack, shouldNotify, slackMessage } from "./slack.js";

const clean = summary({ drift: { auth0: 0, github: 0 }, applied: 0 });

describe("slack", () => {
  it("notifies on failure always, and on drift only when asked", () => {
    assert.equal(shouldNotify("failure", summary({ ok: false })), true);
    assert.equal(shouldNotify("drift", summary({ ok: false })), true);
    assert.equal(shouldNotify("drift", summary()), true);
    assert.equal(shouldNotify("failure", summary()), false);
    assert.equal(shouldNotify("drift", clean), false);
  });

  it("summarises drift and caps the errors it lists", () => {
    const errors = ["a".repeat(400), "b", "c", "d", "e", "f", "g"];
    const { text } = slackMessage(summary({ ok: false, failed: 2, errors }));
    assert.match(text, /regionsync run failed \(apply, finished 2026-01-01T00:15:02.500Z\)/);
    assert.match(text, /Drift: auth0 2, datadog 1\. Applied: 3\. Failed: 2\./);
    assert.match(text, new RegExp(`• ${"a".repeat(300)}…\n`));
    assert.match(text, /… and 2 more errors$/);
  });

  it("escapes what Slack would read as a mention or link", () => {
    const { text } = slackMessage(summary({ ok: false, errors: ["<!channel> a & b <https://x|y>"] }));
    assert.match(text, /• &lt;!channel&gt; a &amp; b &lt;https:\/\/x\|y&gt;$/m);
  });

  it("posts the message to the webhook, and nothing when there is nothing to say", async () => {
    const slack = await startRecorder();
    try {
      const config = { webhookUrl: `${slack.url}/services/T0/B0/x`, notifyOn: "drift" as const, timeoutMs: 2000 };
      assert.equal(await notifySlack(config, clean), false);
      assert.equal(await notifySlack(config, summary()), true);
      assert.equal(slack.requests.length, 1);
      assert.equal(slack.requests[0]?.url, "/services/T0/B0/x");
      assert.match(JSON.parse(slack.requests[0]?.body ?? "{}").text, /regionsync found drift/);
    } finally {
      await slack.close();
    }
  });
});
