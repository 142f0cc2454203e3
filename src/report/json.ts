/**
 * The machine-readable plan. `format_version` follows Terraform's rule: the minor grows for backward-compatible
 * additions (consumers ignore unknown properties); the major grows for incompatible changes (consumers reject an
 * unknown major). `schema/plan.schema.json` describes it.
 */
import type { Change, Diagnostic, FieldDiff } from "../core/types.js";
import type { Plan, PlannedChange } from "../reconciler/plan-types.js";

export const PLAN_FORMAT_VERSION = "1.0";

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

function changeToJson(c: PlannedChange) {
  return {
    id: c.id,
    provider: c.provider,
    account: c.account,
    kind: c.kind,
    name: c.name,
    regions: c.regions,
    declarations: c.declarations,
    action: c.action,
    policy: c.policy,
    status: c.status,
    ...(c.heldReason ? { held_reason: c.heldReason } : {}),
    ...(c.deleteCount !== undefined ? { delete_count: c.deleteCount } : {}),
    diffs: c.diffs.map(maskDiff),
    ...(c.instructions ? { instructions: c.instructions } : {}),
    ...(c.target ? { target: c.target } : {}),
    basis: c.basis,
    ...(c.payload !== undefined ? { payload: c.payload } : {}),
  };
}

function diagnosticToJson(d: Diagnostic) {
  return {
    severity: d.severity,
    message: d.message,
    ...(d.hint ? { hint: d.hint } : {}),
    ...(d.at ? { at: d.at } : {}),
    ...(d.instance ? { instance: d.instance } : {}),
    ...(d.change ? { change: d.change } : {}),
  };
}

export function planToJson(plan: Plan) {
  return {
    format_version: PLAN_FORMAT_VERSION,
    created_at: plan.createdAt,
    desired_state: plan.desiredState,
    scope: plan.scope,
    regions: plan.regions,
    coverage: plan.coverage,
    changes: plan.changes.map(changeToJson),
    diagnostics: plan.diagnostics.map(diagnosticToJson),
    summary: plan.summary,
    ...(plan.refusal ? { refusal: plan.refusal } : {}),
  };
}

export type JsonPlan = ReturnType<typeof planToJson>;

/** Reads a JSON plan back (a saved plan). Rejects an unknown major version, as the format's rule says. */
export function planFromJson(data: unknown): Plan {
  const json = data as JsonPlan;
  const major = String(json?.format_version ?? "").split(".")[0];
  if (major !== PLAN_FORMAT_VERSION.split(".")[0]) {
    throw new Error(
      `unsupported plan format_version '${String(json?.format_version)}' (this regionsync reads ${PLAN_FORMAT_VERSION.split(".")[0]}.x)`,
    );
  }
  return {
    createdAt: json.created_at,
    desiredState: json.desired_state,
    scope: json.scope ?? {},
    regions: json.regions,
    coverage: json.coverage,
    changes: json.changes.map(
      (c): PlannedChange => ({
        id: c.id,
        provider: c.provider,
        account: c.account,
        kind: c.kind,
        name: c.name,
        regions: c.regions,
        declarations: c.declarations,
        action: c.action as Change["action"],
        policy: c.policy as Change["policy"],
        status: c.status as PlannedChange["status"],
        heldReason: "held_reason" in c ? c.held_reason : undefined,
        deleteCount: "delete_count" in c ? c.delete_count : undefined,
        diffs: c.diffs,
        instructions: "instructions" in c ? c.instructions : undefined,
        target: "target" in c ? c.target : undefined,
        basis: c.basis,
        payload: "payload" in c ? c.payload : undefined,
      }),
    ),
    diagnostics: json.diagnostics,
    summary: json.summary,
    refusal: json.refusal,
  };
}
