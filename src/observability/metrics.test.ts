import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { summary } from "../../test/support/scheduler.js";
import { parseLastSuccess, renderMetrics, runGauges } from "./metrics.js";

describe("metrics", () => {
  it("renders every gauge of a successful run in the text format", () => {
    const text = renderMetrics(runGauges(summary()), { mode: "apply" });
    const samples = text.split("\n").filter((l) => l && !l.startsWith("#"));
    assert.deepEqual(samples, [
      'regionsync_drift{mode="apply",provider="auth0"} 2',
      'regionsync_drift{mode="apply",provider="github"} 0',
      'regionsync_drift{mode="apply",provider="datadog"} 1',
      'regionsync_changes_applied{mode="apply"} 3',
      'regionsync_changes_failed{mode="apply"} 0',
      'regionsync_last_run_success{mode="apply"} 1',
      'regionsync_last_run_duration_seconds{mode="apply"} 2.5',
      'regionsync_last_run_timestamp_seconds{mode="apply"} 1767226502.5',
      'regionsync_last_success_timestamp_seconds{mode="apply"} 1767226502.5',
    ]);
    assert.match(text, /^# TYPE regionsync_drift gauge$/m);
    assert.match(text, /^# HELP regionsync_last_success_timestamp_seconds .+$/m);
  });

  it("keeps the previous last success when the run failed, and omits it when there was none", () => {
    const failed = summary({ ok: false, failed: 1 });
    assert.match(
      renderMetrics(runGauges(failed, 1700000000)),
      /^regionsync_last_success_timestamp_seconds 1700000000$/m,
    );
    assert.doesNotMatch(renderMetrics(runGauges(failed)), /last_success/);
    assert.match(renderMetrics(runGauges(failed)), /^regionsync_last_run_success 0$/m);
  });

  it("reads the last success back from an exposition", () => {
    assert.equal(parseLastSuccess(renderMetrics(runGauges(summary()), { mode: "plan" })), 1767226502.5);
    assert.equal(parseLastSuccess("regionsync_last_success_timestamp_seconds 1.7e9\n"), 1.7e9);
    assert.equal(parseLastSuccess(""), undefined);
  });

  it("escapes label values", () => {
    const text = renderMetrics(runGauges(summary({ drift: { 'we"ird\\\n': 1 } })));
    assert.match(text, /^regionsync_drift\{provider="we\\"ird\\\\\\n"\} 1$/m);
  });
});
