import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { describe, it } from "node:test";
import { controlledRuns, FakeClock, recordingLogger, settle, summary } from "../../test/support/scheduler.js";
import { runOnSchedule, type ScheduleResult } from "./schedule.js";

function setup(schedule = "*/15 * * * *", timeZone?: string, start = "2026-01-01T00:00:00.000Z") {
  const clock = new FakeClock(Date.parse(start));
  const signals = new EventEmitter();
  const logger = recordingLogger();
  const { runs, runOnce } = controlledRuns();
  let result: ScheduleResult | undefined;
  const done = runOnSchedule({ schedule, timeZone, runOnce: runOnce(clock), logger, clock, signals }).then((r) => {
    result = r;
    return r;
  });
  return { clock, signals, logger, runs, done, resolved: () => result };
}

const iso = (ms: number) => new Date(ms).toISOString();

describe("runOnSchedule", () => {
  it("runs at every slot of the schedule", async () => {
    const t = setup();
    await t.clock.advanceTo("2026-01-01T00:14:59.999Z");
    assert.equal(t.runs.length, 0);
    await t.clock.advanceTo("2026-01-01T00:15:00.000Z");
    assert.equal(t.runs.length, 1);
    t.runs[0]!.finish();
    await t.clock.advanceTo("2026-01-01T00:30:00.000Z");
    t.runs[1]!.finish();
    await t.clock.advanceTo("2026-01-01T00:45:00.000Z");
    assert.deepEqual(
      t.runs.map((r) => iso(r.at)),
      ["2026-01-01T00:15:00.000Z", "2026-01-01T00:30:00.000Z", "2026-01-01T00:45:00.000Z"],
    );
    t.runs[2]!.finish();
    await settle();
    t.signals.emit("SIGTERM");
    const result = await t.done;
    assert.equal(result.runs, 3);
    assert.equal(result.skippedTicks, 0);
  });

  it("skips and logs a tick that falls while a run is in flight, never running two at once", async () => {
    const t = setup();
    await t.clock.advanceTo("2026-01-01T00:15:00.000Z");
    assert.equal(t.runs.length, 1);
    await t.clock.advanceTo("2026-01-01T00:40:00.000Z");
    assert.equal(t.runs.length, 1, "the 00:30 tick must not start a second run");
    const skipped = t.logger.lines.filter((l) => l.msg.startsWith("scheduled run skipped"));
    assert.deepEqual(
      skipped.map((l) => l.meta?.scheduledFor),
      ["2026-01-01T00:30:00.000Z"],
    );
    t.runs[0]!.finish();
    await t.clock.advanceTo("2026-01-01T00:45:00.000Z");
    assert.equal(t.runs.length, 2);
    assert.equal(iso(t.runs[1]!.at), "2026-01-01T00:45:00.000Z");
    t.runs[1]!.finish();
    await settle();
    t.signals.emit("SIGINT");
    assert.equal((await t.done).skippedTicks, 1);
  });

  it("on SIGTERM finishes the run in flight, starts no new one, then resolves", async () => {
    const t = setup();
    await t.clock.advanceTo("2026-01-01T00:15:00.000Z");
    const run = t.runs[0]!;
    t.signals.emit("SIGTERM");
    await settle();
    assert.equal(run.signal.aborted, true, "the run is told to stop after the change in flight");
    assert.equal(t.resolved(), undefined, "must wait for the run in flight");
    await t.clock.advanceTo("2026-01-01T02:00:00.000Z");
    assert.equal(t.runs.length, 1, "no new run after shutdown");
    t.signals.emit("SIGTERM");
    run.finish(summary({ applied: 1 }));
    const result = await t.done;
    assert.equal(result.runs, 1);
    assert.equal(result.last?.applied, 1);
    assert.equal(t.signals.listenerCount("SIGTERM"), 0, "signal handlers are removed");
    assert.equal(t.signals.listenerCount("SIGINT"), 0);
    assert.equal(t.clock.pending, 0, "no timer left behind");
  });

  it("resolves at once on a signal while idle", async () => {
    const t = setup();
    await t.clock.advanceTo("2026-01-01T00:05:00.000Z");
    t.signals.emit("SIGINT");
    assert.deepEqual(await t.done, { runs: 0, failedRuns: 0, skippedTicks: 0 });
    assert.equal(t.clock.pending, 0);
  });

  it("logs a failed run and keeps the schedule", async () => {
    const t = setup();
    await t.clock.advanceTo("2026-01-01T00:15:00.000Z");
    t.runs[0]!.fail(new Error("auth0 unreachable"));
    await t.clock.advanceTo("2026-01-01T00:30:00.000Z");
    assert.equal(t.runs.length, 2);
    t.runs[1]!.finish(summary({ ok: false, failed: 1 }));
    await settle();
    t.signals.emit("SIGTERM");
    const result = await t.done;
    assert.equal(result.failedRuns, 2);
    assert.ok(t.logger.lines.some((l) => l.level === "error" && l.meta?.error === "auth0 unreachable"));
  });

  it("reads the schedule in the given time zone", async () => {
    const t = setup("0 9 * * *", "Europe/Berlin");
    await t.clock.advanceTo("2026-01-02T00:00:00.000Z");
    assert.equal(iso(t.runs[0]!.at), "2026-01-01T08:00:00.000Z");
    t.runs[0]!.finish();
    await settle();
    t.signals.emit("SIGTERM");
    await t.done;
  });

  it("waits longer than a Node timer can (yearly schedule)", async () => {
    const t = setup("0 0 1 1 *", "UTC", "2026-01-01T00:00:01.000Z");
    await t.clock.advanceTo("2026-12-31T23:59:59.000Z");
    assert.equal(t.runs.length, 0);
    await t.clock.advanceTo("2027-01-01T00:00:00.000Z");
    assert.equal(t.runs.length, 1);
    t.runs[0]!.finish();
    await settle();
    t.signals.emit("SIGTERM");
    await t.done;
  });

  it("stops when the stop signal aborts", async () => {
    const clock = new FakeClock(Date.parse("2026-01-01T00:00:00Z"));
    const stop = new AbortController();
    const done = runOnSchedule({
      schedule: "* * * * *",
      runOnce: async () => summary(),
      logger: recordingLogger(),
      clock,
      signals: new EventEmitter(),
      stop: stop.signal,
    });
    await clock.advanceTo("2026-01-01T00:03:00.000Z");
    stop.abort();
    assert.equal((await done).runs, 3);
  });

  it("rejects an invalid schedule or time zone before waiting", async () => {
    const logger = recordingLogger();
    const runOnce = async () => summary();
    await assert.rejects(
      runOnSchedule({ schedule: "61 * * * *", runOnce, logger, signals: new EventEmitter() }),
      /invalid schedule "61 \* \* \* \*"/,
    );
    await assert.rejects(
      runOnSchedule({
        schedule: "*/15 * * * *",
        timeZone: "Mars/Olympus",
        runOnce,
        logger,
        signals: new EventEmitter(),
      }),
      /time zone "Mars\/Olympus"/,
    );
  });
});
