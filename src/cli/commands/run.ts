import { hasChanges } from "../../reconciler/plan-types.js";
import { renderPlan, renderResults } from "../../report/terminal.js";
import { type Context, loadState } from "../context.js";
import { applyPlan, makePlan, newPool } from "../reconcile.js";

export interface RunOutcome {
  ok: boolean;
  changes: boolean;
  drift: Record<string, number>;
  applied: number;
  failed: number;
  errors: string[];
}

/** One reconcile run as the scheduled job does it: plan, and in apply mode apply without asking. */
export async function runOnce(ctx: Context): Promise<RunOutcome> {
  const mode = (ctx.values.mode as string | undefined) ?? "plan";
  const loaded = await loadState(ctx);
  if (!loaded)
    return { ok: false, changes: false, drift: {}, applied: 0, failed: 0, errors: ["invalid desired state"] };
  const pool = newPool(ctx, loaded);
  try {
    const plan = await makePlan(ctx, loaded, pool);
    ctx.out(renderPlan(plan, ctx.style));
    const drift: Record<string, number> = {};
    for (const c of plan.changes) drift[c.provider] = (drift[c.provider] ?? 0) + 1;
    const errors = plan.diagnostics.filter((d) => d.severity === "error").map((d) => d.message);
    let applied = 0;
    let failed = 0;
    if (mode === "apply" && !plan.refusal) {
      const report = await applyPlan(ctx, loaded, plan, pool);
      ctx.out(renderResults(plan, report.results, ctx.style));
      applied = report.results.filter((r) => r.status === "applied").length;
      failed = report.results.filter((r) => r.status === "failed").length;
    }
    if (plan.refusal) errors.push(plan.refusal);
    return { ok: errors.length === 0 && failed === 0, changes: hasChanges(plan), drift, applied, failed, errors };
  } finally {
    await pool.close();
    await loaded.close();
  }
}

export async function runCommand(ctx: Context): Promise<number> {
  const mode = (ctx.values.mode as string | undefined) ?? "plan";
  if (mode !== "plan" && mode !== "apply") {
    ctx.err(`error: --mode must be 'plan' or 'apply', not '${mode}'\n`);
    return 1;
  }
  const startedAt = new Date();
  const outcome = await runOnce(ctx);
  ctx.err(
    `${JSON.stringify({ msg: "run finished", mode, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), ...outcome })}\n`,
  );
  if (!outcome.ok) return 1;
  return ctx.values["detailed-exitcode"] && outcome.changes ? 2 : 0;
}
