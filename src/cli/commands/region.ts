/**
 * `region add NAME`: writes the region's one block into desired-state.yaml (every other byte stays as it was), only
 * when the result is valid, then shows the plan for that region alone. `region remove NAME`: see region-remove.ts.
 */
import { readFile, writeFile } from "node:fs/promises";
import { parse } from "yaml";
import { addEntry } from "../../config/edit.js";
import { loadDesiredStateText } from "../../config/index.js";
import { renderPlan } from "../../report/terminal.js";
import { type Context, desiredStateFile, printDiagnostics, withOptions } from "../context.js";
import { insertedLines } from "../inserted.js";
import { makePlan, withSession } from "../reconcile.js";
import { didYouMean } from "../suggest.js";
import { removeRegionCommand } from "./region-remove.js";

export async function regionCommand(ctx: Context): Promise<number> {
  const [sub, name] = ctx.args;
  if ((sub !== "add" && sub !== "remove") || !name) {
    const hint =
      sub && sub !== "add" && sub !== "remove"
        ? `unknown region command '${sub}'${didYouMean(sub, ["add", "remove"])}; `
        : "";
    ctx.err(`error: ${hint}use 'regionsync region add NAME …' or 'regionsync region remove NAME' (see --help)\n`);
    return 1;
  }
  return sub === "add" ? addRegionCommand(ctx, name) : removeRegionCommand(ctx, name);
}

/** `KEY=VALUE` pairs of a repeated option. */
function pairs(flag: string, given: readonly string[] | undefined): Record<string, string> | { error: string } {
  const out: Record<string, string> = {};
  for (const item of given ?? []) {
    const at = item.indexOf("=");
    if (at <= 0) return { error: `--${flag} takes KEY=VALUE, not '${item}'` };
    out[item.slice(0, at)] = item.slice(at + 1);
  }
  return out;
}

async function addRegionCommand(ctx: Context, name: string): Promise<number> {
  const file = desiredStateFile(ctx);
  const { host, cloudRegion, paging, like, egress } = ctx.options;
  const fail = (message: string) => {
    ctx.err(`error: ${message}; ${file} was not changed.\n`);
    return 1;
  };
  if (!host?.length || !cloudRegion) return fail("region add needs --host and --cloud-region");
  const values = pairs("value", ctx.options.value);
  const accounts = pairs("account", ctx.options.account);
  if ("error" in values) return fail(values.error);
  if ("error" in accounts) return fail(accounts.error);
  const text = await readFile(file, "utf8");
  let bindings = accounts;
  if (like) {
    const regions = (parse(text) as { regions?: Record<string, { accounts?: Record<string, string> }> }).regions ?? {};
    if (!regions[like]) return fail(`--like: no region '${like}' in ${file}`);
    bindings = { ...regions[like]!.accounts, ...accounts };
  }
  const block = {
    hosts: [...host],
    cloud_region: cloudRegion,
    ...(paging?.length ? { paging: [...paging] } : {}),
    ...(Object.keys(values).length ? { values } : {}),
    ...(Object.keys(bindings).length ? { accounts: bindings } : {}),
    ...(egress?.length
      ? { egress: { ipv4: egress.filter((c) => !c.includes(":")), ipv6: egress.filter((c) => c.includes(":")) } }
      : {}),
  };
  const edited = addEntry(text, ["regions"], name, block);
  if ("error" in edited) return fail(edited.error);
  const checked = loadDesiredStateText(edited.text, file, ctx.providers, ctx.env);
  if (!checked.state) {
    printDiagnostics(ctx, checked.diagnostics);
    return fail(`the region would leave ${file} invalid`);
  }
  await writeFile(file, edited.text);
  ctx.out(`Added region ${name} to ${file}:\n\n${insertedLines(text, edited.text)}\n`);
  ctx.out(`Plan for region ${name} (nothing is applied; run 'regionsync apply --region ${name}' to apply it):\n\n`);
  const scoped = withOptions(ctx, { region: name });
  return withSession(scoped, async (loaded, pool) => {
    const plan = await makePlan(scoped, loaded, pool);
    ctx.out(renderPlan(plan, ctx.style));
    return plan.summary.errors > 0 ? 1 : 0;
  });
}
