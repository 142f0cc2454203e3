/**
 * Reports of real runs against the emulators: Slack hears of drift when it appears and when it clears, not in between;
 * a converged run reports every scope at 0 on a Pushgateway that keeps state like the real one; and
 * `run --schedule --metrics-port` serves the same series on /metrics.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { loadDesiredStateFile } from "../../src/config/index.js";
import { providers } from "../../src/providers/registry.js";
import { freePort, rootFile, runCli, sandboxFor, tempDir } from "../cli/helpers.js";
import { startRecorder } from "../support/observability.js";
import { startPushgateway } from "../support/pushgateway.js";

const bin = fileURLToPath(new URL("../../src/cli/bin.js", import.meta.url));

describe("run metrics", () => {
  let ctx: Awaited<ReturnType<typeof sandboxFor>>;
  before(async () => {
    ctx = await sandboxFor();
  });
  after(() => ctx.sandbox.close());

  it("Slack hears of drift once, by name and region, and again when it clears (state in a file)", async () => {
    const slack = await startRecorder();
    try {
      const state = join(await tempDir(), "notices.json");
      const env = { ...ctx.env, REGIONSYNC_SLACK_WEBHOOK_URL: `${slack.url}/services/T/B/x` };
      const run = () => runCli(["run", "-f", ctx.file, "--notify-state", state], { env });
      for (let i = 0; i < 2; i++) assert.equal((await run()).code, 0);
      assert.equal(slack.requests.length, 1, "the second run found the same drift: no notice");
      const first = JSON.parse(slack.requests[0]!.body).text as string;
      assert.match(first, /^:large_yellow_circle: regionsync found drift \(plan/);
      assert.match(first, /^• auth0 auth0-eu application "Storefront" \(eu\): update$/m);
      const applied = await runCli(["apply", "-f", ctx.file, "--yes"], { env: ctx.env });
      assert.equal(applied.code, 0, applied.stdout + applied.stderr);
      assert.equal((await run()).code, 0);
      assert.equal(slack.requests.length, 2);
      assert.match(JSON.parse(slack.requests[1]!.body).text, /drift cleared, every declared resource is in sync/);
    } finally {
      await slack.close();
    }
  });

  it("a converged run pushes every provider, account and region at 0", async () => {
    const gateway = await startPushgateway();
    try {
      const run = await runCli(["run", "-f", ctx.file, "--pushgateway", gateway.url], { env: ctx.env });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const { state } = await loadDesiredStateFile(ctx.file, providers, ctx.env);
      const scopes = new Set(state!.instances.map((i) => `${i.provider} ${i.account} ${i.region ?? "global"}`));
      assert.ok(scopes.size >= 6, [...scopes].join("; "));
      for (const scope of scopes) {
        const [provider, account, region] = scope.split(" ") as [string, string, string];
        const labels = { job: "regionsync", mode: "plan", provider, account, region };
        assert.equal(gateway.value("regionsync_drift", labels), 0, `drift of ${scope}`);
        assert.equal(gateway.value("regionsync_errors", labels), 0, `errors of ${scope}`);
        for (const action of ["create", "update", "delete", "manual"])
          assert.equal(gateway.value("regionsync_planned_changes", { ...labels, action }), 0, `${action} ${scope}`);
      }
      for (const account of state!.accounts) {
        const labels = { provider: account.provider, account: account.name };
        assert.ok((gateway.value("regionsync_vendor_requests_total", labels) ?? 0) > 0, account.name);
        assert.equal(gateway.value("regionsync_vendor_rate_limited_total", labels), 0, account.name);
      }
      assert.equal(
        gateway.value("regionsync_build_info", { version: JSON.parse(run.stdout.split("\n").at(-2)!).version }),
        1,
      );
      assert.equal(gateway.value("regionsync_last_run_success"), 1);
    } finally {
      await gateway.close();
    }
  });
});

describe("run --schedule --metrics-port", () => {
  it("serves the last run's metrics and the process's on /metrics, and says clearly when the port is taken", async () => {
    const port = await freePort();
    const args = [bin, "run", "--sandbox", "-f", rootFile, "--only", "auth0", "--schedule", "* * * * * *"];
    const child = spawn(process.execPath, [...args, "--metrics-port", String(port)], { stdio: "pipe" });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    try {
      let text = "";
      for (let i = 0; i < 120 && !/^regionsync_last_run_timestamp_seconds/m.test(text); i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        text = await fetch(`http://127.0.0.1:${port}/metrics`).then(
          (r) => r.text(),
          () => "",
        );
      }
      assert.match(text, /^regionsync_drift\{provider="auth0",account="auth0-eu",region="eu",mode="plan"\} \d+$/m);
      assert.match(text, /^regionsync_vendor_requests_total\{provider="auth0",account="auth0-us",mode="plan"\} [1-9]/m);
      assert.match(text, /^process_cpu_user_seconds_total \d/m);
      const busy = spawn(process.execPath, [...args, "--metrics-port", String(port)], { stdio: "pipe" });
      let busyErr = "";
      busy.stderr.on("data", (chunk) => {
        busyErr += chunk;
      });
      const [code] = await once(busy, "exit");
      assert.equal(code, 1);
      assert.match(busyErr, /--metrics-port \d+: the port is already in use/);
      assert.doesNotMatch(busyErr, /at .*\.js:\d+/, "no stack trace");
    } finally {
      child.kill("SIGTERM");
      const [code] = await once(child, "exit");
      assert.equal(code, 0, stderr);
    }
  });
});
