/**
 * Whether an observed monitor matches its declaration. Only declared fields are compared (an allow-list: Datadog keeps
 * adding read-only fields, which broke tools that diffed "everything except a deny-list"), after the normalisations
 * Datadog applies on write.
 */
import type { FieldDiff } from "../../core/types.js";
import { canonicalJson } from "./digest.js";
import { type MonitorBody, normaliseTags } from "./monitors-spec.js";
import { isRecordTag } from "./monitors-tags.js";

/** A monitor as read back, reduced to the fields regionsync can declare (snake_case, as on the wire). */
export interface ObservedMonitor {
  id: number;
  name: string;
  type: string;
  query: string;
  message: string;
  tags: string[];
  priority?: number | null;
  options: Record<string, unknown>;
  /** Who made it, for collision reports. */
  creator?: string;
}

/** `metric alert` comes back as `query alert`; they are one type to Datadog. */
export function normaliseType(type: string): string {
  return type === "metric alert" ? "query alert" : type;
}

/** Numbers compare by value (Datadog returns `2.0` for `2`), objects by content regardless of key order. */
function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

export function diffMonitor(observed: ObservedMonitor, desired: MonitorBody): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  const change = (path: string, before: unknown, after: unknown) => diffs.push({ path, op: "change", before, after });
  if (observed.name.trim() !== desired.name) change("name", observed.name, desired.name);
  if (normaliseType(observed.type) !== normaliseType(desired.type)) change("type", observed.type, desired.type);
  if (observed.query.trim() !== desired.query) change("query", observed.query, desired.query);
  if (observed.message.trim() !== desired.message) change("message", observed.message, desired.message);
  // The record of regionsync's tags alone is no reason to write: it goes along with the next change.
  const tags = normaliseTags(observed.tags).filter((t) => !isRecordTag(t));
  const wanted = desired.tags.filter((t) => !isRecordTag(t));
  if (!sameValue(tags, wanted)) change("tags", tags, wanted);
  if (desired.priority !== undefined && observed.priority !== desired.priority) {
    change("priority", observed.priority ?? null, desired.priority);
  }
  for (const [key, value] of Object.entries(desired.options ?? {})) {
    const before = observed.options[key];
    if (sameValue(before, value)) continue;
    diffs.push({ path: `options.${key}`, op: before === undefined ? "add" : "change", before, after: value });
  }
  return diffs;
}
