/**
 * What a monitor declaration may say, and the monitor body regionsync sends for one region's instance. Field names
 * are Datadog's own (snake_case), so a declaration reads like the API documentation.
 */
import { z } from "zod";
import { digestOf } from "./digest.js";
import { OWNER_TAG, sharedTags } from "./monitors-tags.js";

export { normaliseTags, OWNER_TAG } from "./monitors-tags.js";

export const monitorTypes = [
  "metric alert",
  "query alert",
  "service check",
  "event alert",
  "event-v2 alert",
  "log alert",
  "process alert",
  "rum alert",
  "trace-analytics alert",
  "slo alert",
  "composite",
  "synthetics alert",
  "audit alert",
  "ci-pipelines alert",
  "ci-tests alert",
  "error-tracking alert",
  "database-monitoring alert",
  "network-performance alert",
  "cost alert",
] as const;

/** Datadog's tag grammar: starts with a letter, ≤200 characters, must not end with `:`. Case is folded by Datadog. */
const tag = z
  .string()
  .max(200)
  .regex(/^[A-Za-z][A-Za-z0-9_\-:./]*$/, "tags start with a letter and use letters, digits and _ - : . /")
  .refine((t) => !t.endsWith(":"), "a tag must not end with ':'");

const threshold = z.number();

const options = z.strictObject({
  thresholds: z
    .strictObject({
      critical: threshold,
      critical_recovery: threshold,
      warning: threshold,
      warning_recovery: threshold,
      ok: threshold,
      unknown: threshold,
    })
    .partial()
    .optional(),
  notify_no_data: z.boolean().optional(),
  no_data_timeframe: z.number().int().positive().optional(),
  renotify_interval: z.number().int().nonnegative().optional(),
  renotify_occurrences: z.number().int().positive().optional(),
  renotify_statuses: z.array(z.enum(["alert", "warn", "no data"])).optional(),
  escalation_message: z.string().optional(),
  evaluation_delay: z.number().int().nonnegative().optional(),
  new_group_delay: z.number().int().nonnegative().optional(),
  include_tags: z.boolean().optional(),
  require_full_window: z.boolean().optional(),
  notify_audit: z.boolean().optional(),
  timeout_h: z.number().int().nonnegative().optional(),
  notify_by: z.array(z.string()).optional(),
  on_missing_data: z.enum(["default", "show_no_data", "show_and_notify_no_data", "resolve"]).optional(),
  group_retention_duration: z.string().optional(),
  groupby_simple_monitor: z.boolean().optional(),
  min_failure_duration: z.number().int().nonnegative().optional(),
});

export const monitorSchema = z.strictObject({
  type: z.enum(monitorTypes),
  query: z.string().min(1),
  message: z
    .string()
    .describe(
      "Notification text. `${region.paging}` expands to the region's paging handles; Datadog's `{{...}}` passes through.",
    ),
  tags: z
    .array(tag)
    .max(73)
    .optional()
    .describe(
      "Add the region tag here, e.g. `region:${region.cloud_region}`; regionsync adds its ownership tags. Tags people add to the monitor are kept.",
    ),
  priority: z.number().int().min(1).max(5).optional(),
  options: options.optional(),
});

export type MonitorSpec = z.infer<typeof monitorSchema>;
export type MonitorOptionsSpec = NonNullable<MonitorSpec["options"]>;

/** The monitor as regionsync sends it: declared fields only, plus the ownership tags. */
export const monitorBodySchema = z.object({
  name: z.string(),
  type: z.string(),
  query: z.string(),
  message: z.string(),
  tags: z.array(z.string()),
  priority: z.number().optional(),
  options: z.record(z.string(), z.unknown()).optional(),
});
export type MonitorBody = z.infer<typeof monitorBodySchema>;

/** Tag keys on owned monitors: the region and the declaration they were made for, so a monitor of a removed region
 * is still attributed to its declaration (whose `allow_delete` then applies) and to its region. */
export const REGION_TAG_KEY = "regionsync-region";
export const SOURCE_TAG_KEY = "regionsync-source";

/**
 * The account an owned monitor belongs to. Two accounts pointed at one org (or two regionsync setups sharing an org)
 * then never take each other's monitors for undeclared ones of their own.
 */
export const accountTag = (account: string) => `regionsync-account:${account.toLowerCase()}`;

/** Made by regionsync for this account: only these are ever updated or deleted. */
export const isOurs = (tags: readonly string[], account: string) =>
  tags.includes(OWNER_TAG) && tags.includes(accountTag(account));

/** Declaration ids hold any characters; a digest fits Datadog's tag grammar. */
export function sourceTag(declaration: string): string {
  return `${SOURCE_TAG_KEY}:${digestOf(declaration).slice(0, 12)}`;
}

/** Where a monitor comes from: its instance's name, region, declaration and account. */
export interface MonitorOrigin {
  name: string;
  region: string | null;
  declaration: string;
  account: string;
}

export function ownershipTags(origin: MonitorOrigin): string[] {
  const { region, declaration, account } = origin;
  return [
    OWNER_TAG,
    accountTag(account),
    sourceTag(declaration),
    ...(region ? [`${REGION_TAG_KEY}:${region.toLowerCase()}`] : []),
  ];
}

/** The monitor regionsync writes; `current` is the tags the monitor carries now, which are shared (monitors-tags.ts). */
export function desiredMonitor(spec: MonitorSpec, origin: MonitorOrigin, current: readonly string[] = []): MonitorBody {
  const body: MonitorBody = {
    name: origin.name.trim(),
    type: spec.type,
    query: spec.query.trim(),
    message: spec.message.trim(),
    tags: sharedTags(current, spec.tags ?? [], ownershipTags(origin)),
  };
  if (spec.priority !== undefined) body.priority = spec.priority;
  if (spec.options !== undefined) body.options = { ...spec.options };
  return body;
}

/** What apply needs: the body to write, and the monitor it replaces or deletes. */
export const monitorPayloadSchema = z.object({
  instance: z.string().optional(),
  monitorId: z.number().int().optional(),
  body: monitorBodySchema.optional(),
  /** The declared tags (normalised), so apply merges them into the tags the monitor carries when it writes. */
  declaredTags: z.array(z.string()).optional(),
});
export type MonitorPayload = z.infer<typeof monitorPayloadSchema>;
