/**
 * `regionsync run --schedule`: reconcile on a cron schedule in a long-lived process, for hosts without Kubernetes.
 * The cron package parses the expression and computes the next slot; the timer is ours, so that a tick can be
 * skipped while a run is in flight and tests can drive time through a `Clock`.
 */
import { CronTime } from "cron";
import type { Logger } from "../core/types.js";
import type { RunSummary } from "../observability/summary.js";
import { type Clock, MAX_TIMER_MS, systemClock } from "./clock.js";

/** Where shutdown signals come from: `process`, or an EventEmitter in tests. */
export interface SignalSource {
  on(event: "SIGTERM" | "SIGINT", listener: () => void): unknown;
  off(event: "SIGTERM" | "SIGINT", listener: () => void): unknown;
}

export interface ScheduleOptions {
  /** Five fields (or six, with seconds first), as cron reads them. */
  schedule: string;
  /** IANA zone the schedule is read in; the host's zone when absent. */
  timeZone?: string;
  /**
   * One reconcile. The signal aborts on shutdown: finish the change in flight, start no new one, then resolve.
   * A rejection is logged and counted; the schedule goes on.
   */
  runOnce: (signal: AbortSignal) => Promise<RunSummary>;
  logger: Logger;
  clock?: Clock;
  signals?: SignalSource;
  /** Ends the scheduler as SIGTERM does, for callers that embed it. */
  stop?: AbortSignal;
}

export interface ScheduleResult {
  runs: number;
  /** Runs that rejected or returned `ok: false`. */
  failedRuns: number;
  /** Ticks that fell while a run was still in flight. */
  skippedTicks: number;
  last?: RunSummary;
}

/** Throws on an invalid expression or time zone, so the CLI can reject it before it starts waiting. */
export function parseSchedule(schedule: string, timeZone?: string): CronTime {
  try {
    return new CronTime(schedule, timeZone);
  } catch (error) {
    const what = timeZone ? `schedule "${schedule}" in time zone "${timeZone}"` : `schedule "${schedule}"`;
    throw new Error(`invalid ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Resolves once a shutdown was requested and the run in flight, if any, has finished. */
export async function runOnSchedule(opts: ScheduleOptions): Promise<ScheduleResult> {
  const cron = parseSchedule(opts.schedule, opts.timeZone);
  const { logger } = opts;
  const clock = opts.clock ?? systemClock;
  const signals = opts.signals ?? process;
  const result: ScheduleResult = { runs: 0, failedRuns: 0, skippedTicks: 0 };

  return new Promise((resolve) => {
    let cancelTimer = () => {};
    let inFlight: AbortController | undefined;
    let stopping = false;

    const nextSlot = () => cron.getNextDateFrom(new Date(clock.now()), opts.timeZone).toMillis();

    const arm = () => {
      const due = nextSlot();
      const wait = () => {
        const remaining = due - clock.now();
        if (remaining > 0) cancelTimer = clock.after(Math.min(remaining, MAX_TIMER_MS), wait);
        else tick(due);
      };
      wait();
    };

    const tick = (due: number) => {
      // Arm first: the next slot is computed from now, so a slow tick never fires twice for one slot.
      arm();
      const scheduledFor = new Date(due).toISOString();
      if (inFlight) {
        result.skippedTicks++;
        logger.warn("scheduled run skipped: the previous run is still in progress", { scheduledFor });
        return;
      }
      start(scheduledFor);
    };

    const start = (scheduledFor: string) => {
      const controller = new AbortController();
      inFlight = controller;
      result.runs++;
      logger.info("scheduled run started", { scheduledFor, run: result.runs });
      Promise.resolve()
        .then(() => opts.runOnce(controller.signal))
        .then(
          (summary) => {
            result.last = summary;
            if (!summary.ok) result.failedRuns++;
          },
          (error: unknown) => {
            result.failedRuns++;
            logger.error("scheduled run failed", { error: error instanceof Error ? error.message : String(error) });
          },
        )
        .finally(() => {
          inFlight = undefined;
          if (stopping) finish();
          else logger.info("next scheduled run", { at: new Date(nextSlot()).toISOString() });
        });
    };

    const shutdown = (reason: string) => {
      if (stopping) {
        logger.warn("shutdown already requested: waiting for the run in flight", { reason });
        return;
      }
      stopping = true;
      cancelTimer();
      if (!inFlight) return finish();
      logger.info("shutdown requested: finishing the run in flight, starting no new one", { reason });
      inFlight.abort(new Error(`shutdown: ${reason}`));
    };

    const onTerm = () => shutdown("SIGTERM");
    const onInt = () => shutdown("SIGINT");
    const onStop = () => shutdown("stop requested");

    const finish = () => {
      signals.off("SIGTERM", onTerm);
      signals.off("SIGINT", onInt);
      opts.stop?.removeEventListener("abort", onStop);
      logger.info("scheduler stopped", { ...result, last: undefined });
      resolve(result);
    };

    signals.on("SIGTERM", onTerm);
    signals.on("SIGINT", onInt);
    if (opts.stop?.aborted) return shutdown("stop requested");
    opts.stop?.addEventListener("abort", onStop, { once: true });

    logger.info("scheduler started", {
      schedule: opts.schedule,
      timeZone: opts.timeZone ?? null,
      nextRun: new Date(nextSlot()).toISOString(),
    });
    arm();
  });
}
