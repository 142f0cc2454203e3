import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import { loadDesiredStateText } from "../../config/index.js";
import { hasChanges } from "../../core/plan.js";
import { renderPlan, renderResults } from "../../report/terminal.js";
import { type Context, desiredStateFile, type Loaded, loadState, printDiagnostics, withOptions } from "../context.js";
import { insertedLines } from "../inserted.js";
import { applyPlan, makePlan, newPool } from "../reconcile.js";
import { openSampleRegion } from "../sample-region.js";
import { didYouMean } from "../suggest.js";

/**
 * `sandbox demo`: plan, apply and plan again against the built-in emulators, ending on "No changes"; with
 * `--add-region ap`, then open a third region with one block of YAML and its own tenant and org, and converge again.
 * `sandbox serve`: keep the emulators running and write a copy of the desired state pointed at them.
 */
export async function sandboxCommand(given: Context): Promise<number> {
  const sub = given.args[0] ?? "demo";
  const ctx = withOptions(given, { sandbox: true });
  if (sub === "demo") return demo(ctx);
  if (sub === "serve") return serve(ctx);
  ctx.err(`error: unknown sandbox command '${sub}'${didYouMean(sub, ["demo", "serve"])} (use 'demo' or 'serve')\n`);
  return 1;
}

/** The example every package and image ships, for a demo run where there is no desired-state file of one's own. */
const shippedExample = fileURLToPath(new URL("../../../../desired-state.yaml", import.meta.url));

async function demoSource(ctx: Context): Promise<Context> {
  if (ctx.options.file) return ctx;
  const found = await access(desiredStateFile(ctx)).then(
    () => true,
    () => false,
  );
  if (found) return ctx;
  ctx.err(
    `No ./${desiredStateFile(ctx)} here: the demo uses the example shipped with regionsync (${shippedExample}).\n`,
  );
  return withOptions(ctx, { file: shippedExample });
}

async function demo(given: Context): Promise<number> {
  const ctx = await demoSource(given);
  const loaded = await loadState(ctx);
  if (!loaded) return 1;
  const { bold } = ctx.style;
  const region = ctx.options.addRegion;
  const total = region ? 6 : 3;
  try {
    ctx.out(
      `${bold("regionsync sandbox")}: emulated vendors for ${Object.keys(loaded.sandbox?.urls ?? {}).join(", ")}\n\n`,
    );
    const converged = await converge(ctx, loaded, 1, total);
    if (!region || converged === 1) return converged;
    const file = desiredStateFile(ctx);
    const opened = openSampleRegion(await readFile(file, "utf8"), region);
    if ("error" in opened) {
      ctx.err(`error: ${opened.error}\n`);
      return 1;
    }
    const next = loadDesiredStateText(opened.text, file, ctx.providers, ctx.env);
    if (!next.state || !loaded.sandbox) {
      printDiagnostics(ctx, next.diagnostics);
      return 1;
    }
    const pointed = await loaded.sandbox.extend(next.state);
    ctx.out(`\n${bold(`Opening region ${region}: one block under regions, plus its own tenant and org`)}\n\n`);
    ctx.out(`${insertedLines(await readFile(file, "utf8"), opened.text)}\n`);
    return await converge(ctx, { ...loaded, ...pointed }, 4, total);
  } finally {
    await loaded.close();
  }
}

/** Plan, apply, plan again; the exit status of `plan --detailed-exitcode` on the last plan. */
async function converge(ctx: Context, loaded: Loaded, step: number, total: number): Promise<number> {
  const pool = newPool(ctx, loaded);
  const { bold } = ctx.style;
  try {
    ctx.out(`${bold(`Step ${step}/${total}: regionsync plan`)}\n\n`);
    const first = await makePlan(ctx, loaded, pool);
    ctx.out(renderPlan(first, ctx.style));
    if (first.summary.errors > 0) return 1;
    ctx.out(`\n${bold(`Step ${step + 1}/${total}: regionsync apply --yes`)}\n\n`);
    const report = await applyPlan(ctx, loaded, first, pool);
    ctx.out(renderResults(first, report.results, ctx.style));
    ctx.out(`\n${bold(`Step ${step + 2}/${total}: regionsync plan --detailed-exitcode`)}\n\n`);
    const second = await makePlan(ctx, loaded, pool);
    ctx.out(renderPlan(second, ctx.style));
    if (!report.ok || second.summary.errors > 0) return 1;
    // The same exit status as `plan --detailed-exitcode` on the second plan.
    if (!hasChanges(second)) return 0;
    ctx.out(
      "\nWhat remains needs a person (manual actions), is observe-only drift, or is a held delete: regionsync writes none of those.\n",
    );
    return 2;
  } finally {
    await pool.close();
  }
}

async function serve(ctx: Context): Promise<number> {
  const file = desiredStateFile(ctx);
  const loaded = await loadState(ctx);
  if (!loaded?.sandbox) return 1;
  const doc = parseDocument(await readFile(file, "utf8"));
  for (const [account, url] of Object.entries(loaded.sandbox.urls)) doc.setIn(["accounts", account, "endpoint"], url);
  await mkdir(".regionsync", { recursive: true });
  const target = ".regionsync/sandbox.yaml";
  await writeFile(target, doc.toString());
  ctx.out(`Sandbox emulators are running:\n`);
  for (const [account, url] of Object.entries(loaded.sandbox.urls)) ctx.out(`  ${account.padEnd(16)} ${url}\n`);
  ctx.out(`\nWrote ${target} (your desired state pointed at them). In another shell:\n\n`);
  for (const [name, value] of Object.entries(loaded.env)) ctx.out(`  export ${name}=${value}\n`);
  ctx.out(`  regionsync plan -f ${target}\n\nPress Ctrl-C to stop.\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await loaded.close();
  return 0;
}
