/**
 * The plan, defined once. These zod schemas are the in-memory types (inferred from them), the shape `plan --json` and
 * saved plans are written in, the parser that reads a saved plan back, and the source of schema/plan.schema.json.
 *
 * `format_version` follows Terraform's rule: the minor grows for backward-compatible additions (readers ignore
 * unknown properties); the major grows for incompatible changes (readers reject an unknown major).
 */
import { z } from "zod";
import { diagnosticSchema, type FieldDiff, fieldDiffSchema, instructionsSchema } from "./types.js";

export const PLAN_FORMAT_VERSION = "1.2";

export const changeActions = ["create", "update", "delete", "manual"] as const;
export type ChangeAction = (typeof changeActions)[number];

/**
 * What happens to a change on apply. `pending`: applied. `observe-only`: drift on a resource whose policy is observe;
 * reported, never written. `held`: not applied this time (a delete that was not allowed, or a change that failed
 * vendor-side validation).
 */
export const changeStatuses = ["pending", "observe-only", "held"] as const;
export type ChangeStatus = (typeof changeStatuses)[number];

const namePart = /^[a-z][a-z0-9_-]*$/;

export const changeSchema = z.object({
  id: z.string().describe("provider/account/kind/object#action (see docs/plan-format.md); unique in a plan."),
  provider: z.string().regex(namePart),
  account: z.string().regex(namePart),
  kind: z.string().regex(namePart),
  object: z.string().min(1).describe("The vendor object within its account and kind, as the change id names it."),
  name: z.string().describe("The vendor object's human name."),
  declarations: z.array(z.string()).describe("Declarations this change serves (coverage matrix rows)."),
  regions: z.array(z.string()).describe("Regions this change serves (coverage matrix columns)."),
  action: z.enum(changeActions),
  policy: z.enum(["manage", "observe"]),
  status: z.enum(changeStatuses),
  held_reason: z.string().optional(),
  delete_count: z.int().min(0).optional().describe("For deletes: how many owned objects or entries this removes."),
  delete_unit: z
    .string()
    .optional()
    .describe("For deletes of entries within the object (`URL`): what delete_count counts. Absent: the object. (1.1)"),
  diffs: z.array(fieldDiffSchema),
  instructions: instructionsSchema.optional(),
  target: z
    .string()
    .describe("Changes with one target write the same vendor object: they are applied one after another."),
  basis: z.string().describe("A digest of the vendor state this change was computed from."),
  payload: z.unknown().optional().describe("What apply needs; checked by the kind's own schema. Never a secret."),
});

export type Change = z.infer<typeof changeSchema>;

/** `warning`: a warning names the instance (a monitor that would never fire); 1.2 added it. */
const coverageCells = [
  "in-sync",
  "will-change",
  "manual",
  "drift",
  "held",
  "error",
  "warning",
  "not-declared",
] as const;
export type CoverageCell = (typeof coverageCells)[number];

export const coverageRowSchema = z.object({
  declaration: z.string(),
  provider: z.string(),
  kind: z.string(),
  name: z.string(),
  names: z
    .record(z.string(), z.string())
    .optional()
    .describe("The resource's name in each region, placeholders filled in (1.1)."),
  cells: z.record(z.string(), z.enum(coverageCells)).describe("By region name; `*` for a declaration without regions."),
});
export type CoverageRow = z.infer<typeof coverageRowSchema>;

export const summarySchema = z.object({
  create: z.int(),
  update: z.int(),
  delete: z.int(),
  manual: z.int(),
  drift: z.int().describe("Drift on observe-only resources."),
  held: z.int().describe("Changes held back (deletes not allowed, vendor-side validation failed)."),
  errors: z.int(),
});
export type PlanSummary = z.infer<typeof summarySchema>;

export const planSchema = z
  .object({
    format_version: z
      .string()
      .regex(/^1\.\d+$/, { message: `this regionsync reads format_version 1.x` })
      .describe("Major.minor; readers reject an unknown major."),
    created_at: z.string(),
    desired_state: z.object({ file: z.string(), digest: z.string() }),
    scope: z.object({ only: z.array(z.string()).optional(), region: z.string().optional() }),
    regions: z.array(z.string()).describe("Region columns of the coverage matrix."),
    coverage: z.array(coverageRowSchema),
    changes: z.array(changeSchema),
    diagnostics: z.array(diagnosticSchema),
    summary: summarySchema,
    refusal: z.string().optional().describe("Set when the blast-radius guard refuses the plan: apply will not run."),
  })
  .describe("regionsync plan, machine-readable");

export type Plan = z.infer<typeof planSchema>;

/** schema/plan.schema.json, generated from `planSchema`. */
export function planJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(planSchema, { io: "output", unrepresentable: "any" }),
    $id: "https://regionsync.dev/schema/plan.schema.json",
    title: "regionsync plan --json",
  };
}

export const SENSITIVE = "(sensitive)";

/** A secret's value is never shown, and neither is whether it was known: every side the operation has is masked. */
export function maskDiff(diff: FieldDiff): FieldDiff {
  if (!diff.sensitive) return diff;
  const { before: _before, after: _after, ...rest } = diff;
  return {
    ...rest,
    ...(diff.op !== "add" ? { before: SENSITIVE } : {}),
    ...(diff.op !== "remove" ? { after: SENSITIVE } : {}),
  };
}

/** The plan as written by `--json` and `plan --out`: sensitive diffs masked, checked against the schema. */
export function planToJson(plan: Plan): Plan {
  return planSchema.parse({ ...plan, changes: plan.changes.map((c) => ({ ...c, diffs: c.diffs.map(maskDiff) })) });
}

/**
 * Reads a JSON plan back (a saved plan). An unknown major version, a field of the wrong type or a change whose id does
 * not name its own provider, account, kind, object and action is refused with the field's path.
 */
export function planFromJson(data: unknown): Plan {
  const version = (data as { format_version?: unknown } | null)?.format_version;
  if (typeof version === "string" && version.split(".")[0] !== PLAN_FORMAT_VERSION.split(".")[0]) {
    throw new Error(
      `unsupported plan format_version '${version}' (this regionsync reads ${PLAN_FORMAT_VERSION.split(".")[0]}.x)`,
    );
  }
  const parsed = planSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${issue.path.join(".") || "the plan"}: ${issue.message}`);
  }
  parsed.data.changes.forEach((c, index) => {
    const expected = changeId(c);
    if (c.id !== expected) throw new Error(`changes.${index}.id: '${c.id}' does not match its change (${expected})`);
  });
  return parsed.data;
}

/**
 * The one change-id syntax: `provider/account/kind/object#action`. Provider, account and kind never hold `/` and an
 * action never holds `#`, so an id reads back unambiguously and is unique across accounts.
 */
export function changeId(c: Pick<Change, "provider" | "account" | "kind" | "object" | "action">): string {
  return `${c.provider}/${c.account}/${c.kind}/${c.object}#${c.action}`;
}

/** The default target: the vendor object itself. */
export function objectTarget(c: Pick<Change, "provider" | "account" | "kind" | "object">): string {
  return `${c.provider}/${c.account}/${c.kind}/${c.object}`;
}

/** Counts pending work by action; manual actions count as changes (someone must act). */
export function summarize(changes: readonly Change[], errors: number): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, delete: 0, manual: 0, drift: 0, held: 0, errors };
  for (const c of changes) {
    if (c.status === "observe-only") summary.drift++;
    else if (c.status === "held") summary.held++;
    else summary[c.action]++;
  }
  return summary;
}

/** Whether the plan has anything for a person or apply to do (the `--detailed-exitcode` 2). */
export function hasChanges(plan: Plan): boolean {
  const s = plan.summary;
  return s.create + s.update + s.delete + s.manual + s.drift + s.held > 0;
}

/** The outcome of applying one change. */
export interface ChangeResult {
  changeId: string;
  status: "applied" | "failed" | "skipped";
  message?: string;
  /** Vendor ids created or touched, for the report. */
  ref?: string;
}
