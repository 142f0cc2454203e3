/**
 * `region remove NAME`: Terraform's order, a plan first, then an explicit confirmation. Without --allow-delete it shows
 * what decommissioning the region would remove (only what regionsync owns; the deletes held) and writes nothing. With
 * --allow-delete it asks on a terminal (or takes --yes), then removes the region from desired-state.yaml and applies
 * exactly those changes. The blast-radius guard still applies.
 */
import { readFile, writeFile } from "node:fs/promises";
import { removeRegion } from "../../config/edit.js";
import { type Plan, summarize } from "../../core/plan.js";
import { renderPlan, renderResults } from "../../report/terminal.js";
import { type Context, desiredStateFile } from "../context.js";
import { applyPlan, makePlan, withSession } from "../reconcile.js";

export async function removeRegionCommand(ctx: Context, name: string): Promise<number> {
  const file = desiredStateFile(ctx);
  const { allowDelete } = ctx.options;
  const text = await readFile(file, "utf8");
  const edited = removeRegion(text, name);
  if ("error" in edited) {
    ctx.err(`error: ${edited.error}; ${file} was not changed.\n`);
    return 1;
  }
  // What is pending now (drift, a region being opened) is not the removal's: plan both and keep what is new.
  let before: Plan | undefined;
  const planned = await withSession(ctx, async (loaded, pool) => {
    before = await makePlan(ctx, loaded, pool);
    return 0;
  });
  if (planned !== 0 || !before) return 1;
  const known = new Set(before.changes.map((c) => c.id));
  return withSession(
    ctx,
    async (loaded, pool) => {
      const after = await makePlan(ctx, loaded, pool);
      const changes = after.changes.filter((c) => !known.has(c.id));
      const removal: Plan = {
        ...after,
        scope: { region: name },
        regions: [],
        coverage: [],
        changes,
        summary: summarize(changes, after.summary.errors),
      };
      ctx.out(`Decommissioning region ${name} (only what regionsync created or added for it):\n\n`);
      ctx.out(renderPlan(removal, ctx.style));
      const unused = loaded.state.accounts.filter((a) => !loaded.state.instances.some((i) => i.account === a.name));
      if (unused.length > 0) {
        ctx.out(
          `\nNo region uses ${unused.map((a) => a.name).join(", ")} any more: remove them from ${file} when done.\n`,
        );
      }
      if (removal.summary.errors > 0 || removal.refusal) return 1;
      if (!allowDelete) {
        ctx.out(
          `\nNothing was changed. To decommission ${name}: regionsync region remove ${name} --allow-delete (removes regions.${name} from ${file}, then applies these changes once you confirm).\n`,
        );
        return 0;
      }
      const pending = changes.filter((c) => c.status === "pending" && c.action !== "manual");
      if (!(await confirmed(ctx, name, pending.length))) return 1;
      await writeFile(file, edited.text);
      ctx.out(`\nRemoved region ${name} from ${file}.\n`);
      if (pending.length === 0) return 0;
      const report = await applyPlan(ctx, loaded, removal, pool);
      ctx.out(`\n${renderResults(removal, report.results, ctx.style)}`);
      return report.ok ? 0 : 1;
    },
    edited.text,
  );
}

async function confirmed(ctx: Context, name: string, count: number): Promise<boolean> {
  if (ctx.options.yes) return true;
  if (!ctx.io.stdinIsTTY) {
    ctx.err("error: region remove --allow-delete needs --yes when not run from a terminal; nothing was changed.\n");
    return false;
  }
  const what = count === 1 ? "1 change" : `${count} changes`;
  const ok = await ctx.io.confirm(`\nRemove region ${name} and apply ${what}? Only 'yes' is accepted: `);
  if (!ok) ctx.err("Cancelled; nothing was changed.\n");
  return ok;
}
