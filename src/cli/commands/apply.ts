import { readFile } from "node:fs/promises";
import { type Plan, planFromJson } from "../../core/plan.js";
import { checkSavedPlan, savedPlanProblems } from "../../reconciler/index.js";
import { renderPlan, renderResults } from "../../report/terminal.js";
import { type Context, withOptions } from "../context.js";
import { applyPlan, makePlan, withSession } from "../reconcile.js";

async function readSavedPlan(file: string): Promise<Plan> {
  return planFromJson(JSON.parse(await readFile(file, "utf8")));
}

/**
 * Without a plan file: plans afresh, shows the plan, asks on a terminal (unless --yes), applies. With a plan file:
 * applies exactly that plan after checking it is not stale.
 */
export async function applyCommand(given: Context): Promise<number> {
  let ctx = given;
  const savedFile = ctx.args[0];
  let saved: Plan | undefined;
  if (savedFile) {
    try {
      saved = await readSavedPlan(savedFile);
    } catch (error) {
      ctx.err(`error: cannot read the saved plan ${savedFile}: ${(error as Error).message}\n`);
      return 1;
    }
    const problems = savedPlanProblems(saved, ctx.providers);
    if (problems.length > 0) {
      ctx.err(`error: the saved plan ${savedFile} cannot be applied; nothing was sent to any vendor:\n`);
      for (const p of problems) ctx.err(`  - ${p}\n`);
      return 1;
    }
    ctx = withOptions(ctx, { only: saved.scope.only, region: saved.scope.region });
  }
  return withSession(ctx, async (loaded, pool) => {
    const fresh = await makePlan(ctx, loaded, pool);
    let plan = fresh;
    if (saved) {
      const staleness = checkSavedPlan(saved, fresh, loaded.state.digest);
      if (staleness.stale) {
        ctx.err(`error: the saved plan ${savedFile} is stale; nothing was applied:\n`);
        for (const r of staleness.reasons) ctx.err(`  - ${r}\n`);
        ctx.err("Run 'regionsync plan --out FILE' again and review the new plan.\n");
        return 1;
      }
      plan = saved;
    }
    ctx.out(renderPlan(plan, ctx.style));
    if (plan.refusal) return 1;
    if (plan.summary.errors > 0 && !plan.changes.some((c) => c.status === "pending")) return 1;
    const pending = plan.changes.filter((c) => c.status === "pending");
    if (pending.length === 0) return plan.summary.errors > 0 ? 1 : 0;
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
    ctx.out(`\n${renderResults(plan, report.results, ctx.style)}`);
    return report.ok && plan.summary.errors === 0 ? 0 : 1;
  });
}
