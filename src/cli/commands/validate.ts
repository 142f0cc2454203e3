import { loadDesiredStateFile } from "../../config/index.js";
import { PLAN_FORMAT_VERSION } from "../../core/plan.js";
import { type Context, desiredStateFile, printDiagnostics } from "../context.js";

/** Checks the file and reports every problem at once. Contacts no vendor. */
export async function validateCommand(ctx: Context): Promise<number> {
  const file = desiredStateFile(ctx);
  const result = await loadDesiredStateFile(file, ctx.providers, ctx.env);
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (ctx.options.json) {
    ctx.out(
      `${JSON.stringify({ format_version: PLAN_FORMAT_VERSION, valid: errors.length === 0, diagnostics: result.diagnostics }, null, 2)}\n`,
    );
    return errors.length ? 1 : 0;
  }
  printDiagnostics(ctx, result.diagnostics);
  if (errors.length) {
    ctx.err(`${errors.length} error${errors.length === 1 ? "" : "s"} in ${file}.\n`);
    return 1;
  }
  const s = result.state!;
  ctx.out(
    `${file} is valid: ${s.regions.length} regions, ${s.accounts.length} accounts, ${s.declarations.length} resources (${s.instances.length} after region expansion).\n`,
  );
  return 0;
}
