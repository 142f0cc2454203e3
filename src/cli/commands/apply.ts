import type { Plan } from "../../core/plan.js";
import { checkSavedPlan, savedPlanProblems } from "../../reconciler/index.js";
import { type ApplySource, renderApplyMarkdown, renderApplyRefusedMarkdown } from "../../report/apply-markdown.js";
import { renderPlan, renderResults } from "../../report/terminal.js";
import { type Context, desiredStateFile, withOptions } from "../context.js";
import { applyPlan, makePlan, withSession } from "../reconcile.js";
import { readSavedPlan, savedPlanSource, sourceProblem } from "../saved-plan.js";

/** Prints why a saved plan is refused; every line names the plan and the desired-state file it was made from. */
function refuse(ctx: Context, source: ApplySource, reasons: readonly string[], what: string): number {
  ctx.err(`error: the saved plan ${source.planFile} (made from ${source.file}) ${what}:\n`);
  for (const r of reasons) ctx.err(`  - ${r}\n`);
  ctx.err("Run 'regionsync plan --out FILE' again and review the new plan.\n");
  if (ctx.options.markdown) ctx.out(renderApplyRefusedMarkdown(reasons, source));
  return 1;
}

/**
 * Without a plan file: plans afresh, shows the plan, asks on a terminal (unless --yes), applies. With a plan file:
 * checks the desired-state file it was made from before contacting any vendor, then applies exactly that plan after
 * checking that no vendor object it was computed from has changed.
 */
export async function applyCommand(given: Context): Promise<number> {
  let ctx = given;
  const planFile = ctx.args[0];
  let saved: Plan | undefined;
  if (planFile) {
    try {
      saved = await readSavedPlan(planFile);
    } catch (error) {
      ctx.err(`error: cannot read the saved plan ${planFile}: ${(error as Error).message}\n`);
      return 1;
    }
    // Everything that makes the plan unusable is reported at once, before any vendor is contacted.
    const file = savedPlanSource(saved, planFile, ctx.options.file);
    const sourceIssue = await sourceProblem(saved, file);
    const problems = [...savedPlanProblems(saved, ctx.providers), ...(sourceIssue ? [sourceIssue] : [])];
    if (problems.length > 0)
      return refuse(ctx, { planFile, file }, problems, "cannot be applied; nothing was sent to any vendor");
    ctx = withOptions(ctx, { file, only: saved.scope.only, region: saved.scope.region });
  }
  const source: ApplySource = { planFile, file: desiredStateFile(ctx) };
  return withSession(ctx, async (loaded, pool) => {
    const fresh = await makePlan(ctx, loaded, pool);
    let plan = fresh;
    if (saved) {
      const staleness = checkSavedPlan(saved, fresh, loaded.state.digest);
      if (staleness.stale) return refuse(ctx, source, staleness.reasons, "is stale; nothing was applied");
      plan = saved;
    }
    if (!ctx.options.markdown) ctx.out(renderPlan(plan, ctx.style));
    const pending = plan.changes.filter((c) => c.status === "pending");
    if (plan.refusal || pending.length === 0) {
      if (ctx.options.markdown) ctx.out(renderApplyMarkdown(plan, [], source));
      return plan.refusal || plan.summary.errors > 0 ? 1 : 0;
    }
    if (!saved && !ctx.options.yes) {
      if (!ctx.io.stdinIsTTY) {
        ctx.err("error: apply needs --yes when not run from a terminal (nothing was applied).\n");
        return 1;
      }
      const ok = await ctx.io.confirm(
        `\nApply ${pending.length} change${pending.length === 1 ? "" : "s"}? Only 'yes' is accepted: `,
      );
      if (!ok) {
        ctx.err("Apply cancelled; nothing was applied.\n");
        return 1;
      }
    }
    const report = await applyPlan(ctx, loaded, plan, pool);
    ctx.out(
      ctx.options.markdown
        ? renderApplyMarkdown(plan, report.results, source)
        : `\n${renderResults(plan, report.results, ctx.style)}`,
    );
    return report.ok && plan.summary.errors === 0 ? 0 : 1;
  });
}
