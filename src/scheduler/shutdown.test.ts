import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { it } from "node:test";
import { recordingLogger } from "../../test/support/scheduler.js";
import { abortOnShutdown } from "./shutdown.js";

it("aborts on the first SIGTERM or SIGINT, logs once, and lets go of the signals", () => {
  const signals = new EventEmitter();
  const logger = recordingLogger();
  const { signal, dispose } = abortOnShutdown(logger, signals);
  assert.equal(signal.aborted, false);
  signals.emit("SIGTERM");
  signals.emit("SIGINT");
  assert.equal(signal.aborted, true);
  assert.match(String(signal.reason), /shutdown: SIGTERM/);
  assert.equal(logger.lines.length, 1);
  dispose();
  assert.equal(signals.listenerCount("SIGTERM") + signals.listenerCount("SIGINT"), 0);
});
