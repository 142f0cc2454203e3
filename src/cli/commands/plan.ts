import { writeFile } from "node:fs/promises";
import { hasChanges, planToJson } from "../../core/plan.js";
import { renderMarkdown } from "../../report/markdown.js";
import { renderPlan } from "../../report/terminal.js";
import type { Context } from "../context.js";
import { postPlanComment } from "../pr-comment.js";
import { makePlan, withSession } from "../reconcile.js";
import { planForFile } from "../saved-plan.js";

/** Observes and plans; never writes to a vendor. */
export async function planCommand(ctx: Context): Promise<number> {
  return withSession(ctx, async (loaded, pool) => {
    const plan = await makePlan(ctx, loaded, pool);
    if (ctx.options.json) ctx.out(`${JSON.stringify(planToJson(plan), null, 2)}\n`);
    else if (ctx.options.markdown) ctx.out(renderMarkdown(plan));
    else ctx.out(renderPlan(plan, ctx.style));
    const { out } = ctx.options;
    if (out) {
      const saved = planToJson(planForFile(plan, out));
      await writeFile(out, ctx.redactor.redact(`${JSON.stringify(saved, null, 2)}\n`));
      ctx.err(`Saved the plan to ${out}. Apply exactly it with: regionsync apply ${out}\n`);
    }
    if (ctx.options.comment) {
      const posted = await postPlanComment(ctx, ctx.redactor.redact(renderMarkdown(plan)));
      if (!posted) return 1;
    }
    if (plan.summary.errors > 0) return 1;
    return ctx.options.detailedExitcode && hasChanges(plan) ? 2 : 0;
  });
}
