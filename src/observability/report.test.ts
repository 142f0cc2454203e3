import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { startRecorder } from "../../test/support/observability.js";
import { recordingLogger, summary } from "../../test/support/scheduler.js";
import { Redactor } from "../core/log.js";
import { reportRun } from "./report.js";

describe("reportRun", () => {
  it("prints one JSON line and delivers to every configured channel, secrets masked", async () => {
    const gateway = await startRecorder();
    const slack = await startRecorder();
    const dir = await mkdtemp(join(tmpdir(), "regionsync-report-"));
    try {
      const redactor = new Redactor();
      redactor.add("tok_live_123");
      const webhookUrl = `${slack.url}/services/T/B/hooksecret`;
      const run = summary({ ok: false, failed: 1, errors: [`auth0 rejected tok_live_123 at ${webhookUrl}`] });
      const lines: string[] = [];
      const result = await reportRun(
        run,
        {
          textfile: join(dir, "regionsync.prom"),
          pushgateway: { url: gateway.url, job: "regionsync", timeoutMs: 2000 },
          slack: { webhookUrl, notifyOn: "failure", timeoutMs: 2000 },
        },
        { logger: recordingLogger(), redact: (t) => redactor.redact(t), write: (l) => lines.push(l) },
      );
      assert.deepEqual(result.delivered.sort(), ["pushgateway", "slack", "textfile"]);
      assert.equal(lines.length, 1);
      assert.ok(lines[0]?.endsWith("}\n") && !lines[0].slice(0, -1).includes("\n"), "one line");
      const record = JSON.parse(lines[0] ?? "");
      assert.equal(record.event, "regionsync.run");
      assert.equal(record.durationSeconds, 2.5);
      assert.equal(record.totalDrift, 3);
      assert.deepEqual(record.errors, ["auth0 rejected *** at ***"]);
      const everything = [lines[0], slack.requests[0]?.body, gateway.requests[0]?.body].join("\n");
      assert.ok(!everything.includes("tok_live_123") && !everything.includes("hooksecret"));
      assert.match(
        await readFile(join(dir, "regionsync.prom"), "utf8"),
        /regionsync_last_run_success\{mode="apply"\} 0/,
      );
    } finally {
      await Promise.all([gateway.close(), slack.close(), rm(dir, { recursive: true, force: true })]);
    }
  });

  it("logs a failed channel without its URL and does not throw", async () => {
    const slack = await startRecorder(500);
    try {
      const logger = recordingLogger();
      const webhookUrl = `${slack.url}/services/T/B/hooksecret`;
      const result = await reportRun(
        summary({ ok: false, errors: ["auth0 unreachable"] }),
        {
          slack: { webhookUrl, notifyOn: "drift", timeoutMs: 2000 },
          pushgateway: { url: "http://127.0.0.1:9/", job: "regionsync", timeoutMs: 2000 },
        },
        { logger, write: () => {} },
      );
      assert.deepEqual(result.failed.sort(), ["pushgateway", "slack"]);
      const logged = JSON.stringify(logger.lines);
      assert.ok(!logged.includes("hooksecret") && !logged.includes("127.0.0.1"), logged);
      assert.ok(logger.lines.some((l) => l.meta?.channel === "slack" && l.meta?.status === 500));
      assert.ok(logger.lines.some((l) => l.meta?.channel === "pushgateway" && l.meta?.code === "ECONNREFUSED"));
    } finally {
      await slack.close();
    }
  });
});
