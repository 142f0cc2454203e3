/**
 * Child process for signals.test.ts: the real process, real signals and the system clock. Its run stays in flight
 * until shutdown aborts it, then finishes, so the parent sees the order of events on stdout.
 */
import { runOnSchedule } from "../../src/scheduler/schedule.js";
import { recordingLogger, summary } from "./scheduler.js";

const logger = recordingLogger();
const result = await runOnSchedule({
  schedule: "* * * * * *",
  logger,
  runOnce: (signal) =>
    new Promise((resolve) => {
      process.stdout.write("run started\n");
      signal.addEventListener("abort", () => {
        process.stdout.write("run aborted\n");
        setImmediate(() => {
          process.stdout.write("run finished\n");
          resolve(summary());
        });
      });
    }),
});
process.stdout.write(`${JSON.stringify({ runs: result.runs, listeners: process.listenerCount("SIGTERM") })}\n`);
