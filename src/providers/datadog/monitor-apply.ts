/**
 * Monitors, vendor-side: validation of planned monitors during `plan`, and apply. Apply re-reads an owned monitor
 * before writing it, so a monitor someone untagged since the plan is left alone, and undeclared options are kept.
 */
import { mapLimit } from "../../core/retry.js";
import type { Change, ChangeResult, Diagnostic } from "../../core/types.js";
import { describeError, reasonsOf, statusOf } from "./errors.js";
import type { ObservedMonitor } from "./monitor-diff.js";
import { accountTag, isOurs } from "./monitor-spec.js";
import { MONITOR_KIND, type MonitorPayload, toObserved } from "./monitors.js";
import { v1 } from "./sdk.js";
import type { DatadogSession } from "./session.js";

const toModel = (body: object, type: string) => v1.ObjectSerializer.deserialize(body, type, "");

/** Datadog's validate endpoint for every monitor to create or update; a rejection blocks that change only. */
export async function preflightMonitors(session: DatadogSession, changes: Change[]): Promise<Diagnostic[]> {
  const checked = changes.filter((c) => c.kind === MONITOR_KIND && (c.action === "create" || c.action === "update"));
  const results = await mapLimit(checked, 8, async (c): Promise<Diagnostic | undefined> => {
    const { body, monitorId, instance } = c.payload as MonitorPayload;
    const monitor = toModel(body!, "Monitor") as v1.Monitor;
    try {
      if (monitorId !== undefined) await session.monitors.validateExistingMonitor({ monitorId, body: monitor });
      else await session.monitors.validateMonitor({ body: monitor });
      return undefined;
    } catch (error) {
      const rejected = statusOf(error) === 400;
      return {
        severity: "error",
        message: rejected
          ? `Datadog rejects monitor "${c.name}": ${reasonsOf(error).join("; ")}`
          : `could not validate monitor "${c.name}": ${describeError(error)}`,
        hint: rejected ? "fix the monitor's query, message or options" : "run the plan again",
        ...(instance ? { instance } : {}),
        change: c.id,
      };
    }
  });
  return results.filter((d): d is Diagnostic => d !== undefined);
}

const DUPLICATE = /Duplicate of an existing monitor_id:\s*(\d+)/;

export async function applyMonitor(session: DatadogSession, c: Change): Promise<ChangeResult> {
  const { body, monitorId } = c.payload as MonitorPayload;
  const done = (ref: number | undefined, message?: string): ChangeResult => ({
    changeId: c.id,
    status: "applied",
    ...(ref !== undefined ? { ref: String(ref) } : {}),
    ...(message ? { message } : {}),
  });
  const failed = (message: string): ChangeResult => ({ changeId: c.id, status: "failed", message });
  try {
    if (c.action === "create") {
      try {
        const created = await session.monitors.createMonitor({ body: toModel(body!, "Monitor") as v1.Monitor });
        return done(created.id);
      } catch (error) {
        // An identical monitor already exists: ours, from an earlier attempt whose answer was lost (it carries our tags).
        const id = reasonsOf(error)
          .map((r) => DUPLICATE.exec(r)?.[1])
          .find(Boolean);
        if (statusOf(error) === 400 && id) return done(Number(id), "already existed");
        throw error;
      }
    }
    const current = await readOurs(session, monitorId!);
    if (current === "gone")
      return c.action === "delete" ? done(monitorId, "already gone") : failed("monitor no longer exists; plan again");
    if (current === "foreign")
      return failed(
        `monitor ${monitorId} no longer carries ${accountTag(session.account)}; regionsync leaves it alone`,
      );
    if (c.action === "delete") {
      try {
        await session.monitors.deleteMonitor({ monitorId: monitorId! });
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
      return done(monitorId);
    }
    const { type: _type, ...update } = body!;
    // Datadog replaces `options` as a whole: keep undeclared options as they are now. `silenced` is deprecated.
    const { silenced: _silenced, ...kept } = current.options;
    const merged = { ...update, options: { ...kept, ...(body!.options ?? {}) } };
    await session.monitors.updateMonitor({
      monitorId: monitorId!,
      body: toModel(merged, "MonitorUpdateRequest") as v1.MonitorUpdateRequest,
    });
    return done(monitorId);
  } catch (error) {
    return failed(describeError(error));
  }
}

async function readOurs(session: DatadogSession, monitorId: number): Promise<ObservedMonitor | "gone" | "foreign"> {
  try {
    const monitor = toObserved(await session.monitors.getMonitor({ monitorId }));
    return isOurs(monitor.tags, session.account) ? monitor : "foreign";
  } catch (error) {
    if (statusOf(error) === 404) return "gone";
    throw error;
  }
}
