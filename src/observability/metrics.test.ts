import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { summary } from "../../test/support/scheduler.js";
import { metricsRegistry, parseLastSuccess } from "./metrics.js";
import type { ScopeCounts } from "./summary.js";

const zero = { create: 0, update: 0, delete: 0, manual: 0 };
const scope = (over: Partial<ScopeCounts> & Pick<ScopeCounts, "provider" | "account" | "region">): ScopeCounts => ({
  drift: 0,
  changes: { ...zero },
  applied: 0,
  failed: 0,
  errors: 0,
  ...over,
});

const samples = (text: string) => text.split("\n").filter((l) => l && !l.startsWith("#"));

describe("metrics", () => {
  it("has every series of every scope the run covered, at 0 when in sync", async () => {
    const run = summary({
      version: "1.2.3",
      scopes: [
        scope({ provider: "auth0", account: "auth0-eu", region: "eu", drift: 2, changes: { ...zero, update: 2 } }),
        scope({ provider: "auth0", account: "auth0-us", region: "us" }),
      ],
      requests: [{ provider: "auth0", account: "auth0-eu", requests: 12, retries: 2, rateLimited: 1 }],
    });
    const text = await metricsRegistry(run, { labels: { mode: "apply" }, lastSuccess: 1767226502.5 }).metrics();
    assert.deepEqual(samples(text), [
      `regionsync_build_info{version="1.2.3",node="${process.version}",mode="apply"} 1`,
      'regionsync_drift{provider="auth0",account="auth0-eu",region="eu",mode="apply"} 2',
      'regionsync_drift{provider="auth0",account="auth0-us",region="us",mode="apply"} 0',
      'regionsync_planned_changes{provider="auth0",account="auth0-eu",region="eu",action="create",mode="apply"} 0',
      'regionsync_planned_changes{provider="auth0",account="auth0-eu",region="eu",action="update",mode="apply"} 2',
      'regionsync_planned_changes{provider="auth0",account="auth0-eu",region="eu",action="delete",mode="apply"} 0',
      'regionsync_planned_changes{provider="auth0",account="auth0-eu",region="eu",action="manual",mode="apply"} 0',
      'regionsync_planned_changes{provider="auth0",account="auth0-us",region="us",action="create",mode="apply"} 0',
      'regionsync_planned_changes{provider="auth0",account="auth0-us",region="us",action="update",mode="apply"} 0',
      'regionsync_planned_changes{provider="auth0",account="auth0-us",region="us",action="delete",mode="apply"} 0',
      'regionsync_planned_changes{provider="auth0",account="auth0-us",region="us",action="manual",mode="apply"} 0',
      'regionsync_changes_applied{provider="auth0",account="auth0-eu",region="eu",mode="apply"} 0',
      'regionsync_changes_applied{provider="auth0",account="auth0-us",region="us",mode="apply"} 0',
      'regionsync_changes_failed{provider="auth0",account="auth0-eu",region="eu",mode="apply"} 0',
      'regionsync_changes_failed{provider="auth0",account="auth0-us",region="us",mode="apply"} 0',
      'regionsync_errors{provider="auth0",account="auth0-eu",region="eu",mode="apply"} 0',
      'regionsync_errors{provider="auth0",account="auth0-us",region="us",mode="apply"} 0',
      'regionsync_last_run_success{mode="apply"} 1',
      'regionsync_last_run_duration_seconds{mode="apply"} 2.5',
      'regionsync_last_run_timestamp_seconds{mode="apply"} 1767226502.5',
      'regionsync_vendor_requests_total{provider="auth0",account="auth0-eu",mode="apply"} 12',
      'regionsync_vendor_retries_total{provider="auth0",account="auth0-eu",mode="apply"} 2',
      'regionsync_vendor_rate_limited_total{provider="auth0",account="auth0-eu",mode="apply"} 1',
      'regionsync_last_success_timestamp_seconds{mode="apply"} 1767226502.5',
    ]);
    assert.match(text, /^# TYPE regionsync_drift gauge$/m);
    assert.match(text, /^# TYPE regionsync_vendor_requests_total counter$/m);
    assert.match(text, /^# HELP regionsync_last_success_timestamp_seconds .+$/m);
  });

  it("leaves out drift when the run made no plan, and the last success when it is not given", async () => {
    const text = await metricsRegistry(summary({ ok: false, failed: 1 })).metrics();
    assert.doesNotMatch(text, /regionsync_drift|regionsync_errors|last_success/);
    assert.match(text, /^regionsync_last_run_success 0$/m);
    const alone = await metricsRegistry(summary(), { lastSuccessOnly: true, lastSuccess: 17e8 }).metrics();
    assert.deepEqual(samples(alone), ["regionsync_last_success_timestamp_seconds 1700000000"]);
  });

  it("reads the last success back from an exposition", async () => {
    const text = await metricsRegistry(summary(), { labels: { mode: "plan" }, lastSuccess: 1767226502.5 }).metrics();
    assert.equal(parseLastSuccess(text), 1767226502.5);
    assert.equal(parseLastSuccess("regionsync_last_success_timestamp_seconds 1.7e9\n"), 1.7e9);
    assert.equal(parseLastSuccess(""), undefined);
  });

  it("escapes label values", async () => {
    const run = summary({ scopes: [scope({ provider: 'we"ird\\\n', account: "a", region: "r" })] });
    const text = await metricsRegistry(run).metrics();
    assert.match(text, /^regionsync_drift\{provider="we\\"ird\\\\\\n",account="a",region="r"\} 0$/m);
  });
});
