/**
 * Test doubles for the scheduler: a clock that only moves when told to, and a run whose end the test decides.
 */
import type { Logger } from "../../src/core/types.js";
import type { RunSummary } from "../../src/observability/summary.js";
import type { Clock } from "../../src/scheduler/clock.js";

interface Timer {
  due: number;
  fn: () => void;
}

export class FakeClock implements Clock {
  private readonly timers = new Set<Timer>();

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  after(ms: number, fn: () => void): () => void {
    const timer = { due: this.current + ms, fn };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward, firing due timers in order, and lets promise callbacks settle after each. */
  async advanceTo(iso: string): Promise<void> {
    const target = Date.parse(iso);
    await settle();
    for (;;) {
      const next = [...this.timers].sort((a, b) => a.due - b.due)[0];
      if (!next || next.due > target) break;
      this.timers.delete(next);
      this.current = next.due;
      next.fn();
      await settle();
    }
    this.current = target;
    await settle();
  }
}

/** Enough macrotask turns for chained promise callbacks to run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

export function summary(over: Partial<RunSummary> = {}): RunSummary {
  return {
    startedAt: "2026-01-01T00:15:00.000Z",
    finishedAt: "2026-01-01T00:15:02.500Z",
    mode: "apply",
    ok: true,
    drift: { auth0: 2, github: 0, datadog: 1 },
    applied: 3,
    failed: 0,
    errors: [],
    ...over,
  };
}

export interface LogLine {
  level: string;
  msg: string;
  meta?: Record<string, unknown>;
}

export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (msg: string, meta?: Record<string, unknown>) => lines.push({ level, msg, meta });
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** A runOnce whose runs stay in flight until the test ends them. */
export function controlledRuns() {
  const runs: { at: number; signal: AbortSignal; finish: (s?: RunSummary) => void; fail: (e: Error) => void }[] = [];
  const runOnce = (clock: Clock) => (signal: AbortSignal) =>
    new Promise<RunSummary>((resolve, reject) => {
      runs.push({ at: clock.now(), signal, finish: (s = summary()) => resolve(s), fail: reject });
    });
  return { runs, runOnce };
}
