/**
 * Monitors, vendor-side: validation of planned monitors during `plan`, and apply. Datadog has no conditional writes
 * (no ETag, If-Match or version), so apply reads an owned monitor right before writing it (a window of one round trip;
 * updates are few, so one GET each costs little): a monitor someone untagged since the plan is left alone, and
 * undeclared options and tags people added are kept.
 */
import type { ApplyOutcome, TypedChange } from "../../core/kind.js";
import { mapLimit } from "../../core/retry.js";
import type { Diagnostic } from "../../core/types.js";
import { duplicateOf } from "./claims.js";
import { code } from "./codes.js";
import { describeError, planned, reasonsOf, statusOf, unlessGone } from "./errors.js";
import type { ObservedMonitor } from "./monitors-diff.js";
import { toObserved } from "./monitors-observe.js";
import { accountTag, isOurs, type MonitorPayload, normaliseTags, OWNER_TAG } from "./monitors-spec.js";
import { isRecordTag, isRegionsyncTag, sharedTags } from "./monitors-tags.js";
import type { DatadogSession } from "./session.js";

type MonitorChange = TypedChange<MonitorPayload>;

/** Datadog's validate endpoint for every monitor to create or update; a rejection blocks that change only. */
export async function preflightMonitors(session: DatadogSession, changes: MonitorChange[]): Promise<Diagnostic[]> {
  const checked = changes.filter((c) => c.action === "create" || c.action === "update");
  const results = await mapLimit(checked, 8, async (c): Promise<Diagnostic | undefined> => {
    const { body, monitorId, instance } = c.payload;
    try {
      await session.monitors.validate(planned(body, "body"), monitorId);
      return undefined;
    } catch (error) {
      const rejected = statusOf(error) === 400;
      return {
        severity: "error",
        code: code(rejected ? "monitor-rejected" : "monitor-unvalidated"),
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

/**
 * Creates a monitor. The transport sends a create again after a lost answer, and Datadog refuses a second identical
 * monitor: that one is the first attempt's, and is adopted.
 */
export async function createMonitor(session: DatadogSession, body: object): Promise<ApplyOutcome> {
  try {
    return { ref: String((await session.monitors.create(body)).id) };
  } catch (error) {
    // An identical monitor carries our tags, so it is ours: from an earlier attempt whose answer was lost.
    const id = duplicateOf(error);
    if (id !== undefined) return { ref: String(id), message: "already existed" };
    throw error;
  }
}

/** Adds the ownership tags to a monitor made by hand: its tags are sent with ours added, nothing else is. */
async function adopt(session: DatadogSession, monitorId: number, tags: string[]): Promise<ApplyOutcome> {
  let current: ObservedMonitor;
  try {
    current = toObserved(await session.monitors.get(monitorId));
  } catch (error) {
    if (statusOf(error) === 404) throw new Error("monitor no longer exists; plan again");
    throw error;
  }
  if (isOurs(current.tags, session.account)) return { ref: String(monitorId), message: "already adopted" };
  if (current.tags.includes(OWNER_TAG)) {
    throw new Error(`monitor ${monitorId} now belongs to another regionsync account; it is left alone`);
  }
  // Its own tags are sent back as they are, in their order: only ours are added.
  const known = new Set(normaliseTags(current.tags));
  await session.monitors.update(monitorId, { tags: [...current.tags, ...tags.filter((t) => !known.has(t))] });
  return { ref: String(monitorId), message: "adopted: ownership tags added, nothing else written" };
}

export async function applyMonitor(session: DatadogSession, c: MonitorChange): Promise<ApplyOutcome> {
  if (c.action === "create") return createMonitor(session, planned(c.payload.body, "body"));
  if (c.action === "adopt") {
    return adopt(session, planned(c.payload.monitorId, "monitorId"), planned(c.payload.adoptTags, "adoptTags"));
  }
  const monitorId = planned(c.payload.monitorId, "monitorId");
  const current = await readOurs(session, monitorId);
  if (current === "gone") {
    if (c.action === "delete") return { ref: String(monitorId), message: "already gone" };
    throw new Error("monitor no longer exists; plan again");
  }
  if (current === "foreign") {
    throw new Error(
      `monitor ${monitorId} no longer carries ${accountTag(session.account)}; regionsync leaves it alone`,
    );
  }
  if (c.action === "delete") {
    await unlessGone(session.monitors.remove(monitorId));
    return { ref: String(monitorId) };
  }
  const { type: _type, ...update } = planned(c.payload.body, "body");
  // Datadog replaces `options` and `tags` as a whole: keep undeclared options as they are now, and every tag a person
  // added since the plan (the read above is one round trip old). `silenced` is deprecated.
  const { silenced: _silenced, ...kept } = current.options;
  const declared = c.payload.declaredTags ?? update.tags.filter((t) => !isRegionsyncTag(t));
  const ownership = update.tags.filter((t) => isRegionsyncTag(t) && !isRecordTag(t));
  await session.monitors.update(monitorId, {
    ...update,
    tags: sharedTags(current.tags, declared, ownership),
    options: { ...kept, ...(update.options ?? {}) },
  });
  return { ref: String(monitorId) };
}

async function readOurs(session: DatadogSession, monitorId: number): Promise<ObservedMonitor | "gone" | "foreign"> {
  try {
    const monitor = toObserved(await session.monitors.get(monitorId));
    return isOurs(monitor.tags, session.account) ? monitor : "foreign";
  } catch (error) {
    if (statusOf(error) === 404) return "gone";
    throw error;
  }
}
