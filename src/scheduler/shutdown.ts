/**
 * For a single run (the CronJob's): SIGTERM from activeDeadlineSeconds or a node drain aborts the signal, so the
 * engine finishes the change in flight and starts no new one before the kubelet's SIGKILL.
 */
import type { Logger } from "../core/types.js";
import type { SignalSource } from "./schedule.js";

export function abortOnShutdown(
  logger: Logger,
  signals: SignalSource = process,
): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: "SIGTERM" | "SIGINT") => () => {
    if (controller.signal.aborted) return;
    logger.warn("shutdown requested: finishing the change in flight, starting no new one", { signal: name });
    controller.abort(new Error(`shutdown: ${name}`));
  };
  const onTerm = onSignal("SIGTERM");
  const onInt = onSignal("SIGINT");
  signals.on("SIGTERM", onTerm);
  signals.on("SIGINT", onInt);
  return {
    signal: controller.signal,
    dispose() {
      signals.off("SIGTERM", onTerm);
      signals.off("SIGINT", onInt);
    },
  };
}
