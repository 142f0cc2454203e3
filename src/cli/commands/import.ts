import { readFile, writeFile } from "node:fs/promises";
import { appendListItems, loadDesiredStateText } from "../../config/index.js";
import { importState, type Written } from "../../importer/index.js";
import { importSummary } from "../../importer/summary.js";
import { diagnosticLine } from "../../report/format.js";
import { type Context, desiredStateFile } from "../context.js";
import { withSession } from "../reconcile.js";

/** Problems with --kind and --account, reported before any vendor is contacted. */
function filterErrors(ctx: Context, accounts: readonly string[]): string[] {
  const { kind, account } = ctx.options;
  const kinds = [...ctx.providers.values()].flatMap((p) => p.kinds.flatMap((k) => [k.key, k.kind]));
  return [
    ...(kind ?? []).filter((k) => !kinds.includes(k)).map((k) => `--kind: unknown kind '${k}'`),
    ...(account ?? [])
      .filter((a) => !accounts.includes(a))
      .map((a) => `--account: '${a}' is not an account of the file (${accounts.join(", ")})`),
  ];
}

/** The file's text with the declarations added, each list in the order written. */
function merged(text: string, written: readonly Written[]): string {
  const lists = new Map<string, Written[]>();
  for (const w of written)
    lists.set(`${w.provider}\u0000${w.key}`, [...(lists.get(`${w.provider}\u0000${w.key}`) ?? []), w]);
  let out = text;
  for (const list of lists.values()) {
    out = appendListItems(
      out,
      ["resources", list[0]!.provider, list[0]!.key],
      list.map((w) => w.fields),
    );
  }
  return out;
}

/**
 * Reads the file's accounts (list requests only) and adds a declaration for each object not declared yet, merged into
 * the file (comments and layout kept) or written to --out. Writes nothing to any vendor.
 */
export async function importCommand(ctx: Context): Promise<number> {
  return withSession(ctx, async (loaded, pool) => {
    const problems = filterErrors(
      ctx,
      loaded.state.accounts.map((a) => a.name),
    );
    if (problems.length > 0) {
      for (const p of problems) ctx.err(`error: ${p}\n`);
      return 1;
    }
    const { only, kind, account, name, tag, within } = ctx.options;
    const result = await importState(
      loaded.state,
      { providers: ctx.providers, logger: ctx.logger, only, kinds: kind, accounts: account, name, tag, within },
      pool,
    );
    const source = desiredStateFile(ctx);
    const target = ctx.options.out ?? source;
    const text = merged(await readFile(source, "utf8"), result.written);
    // What is written must load: a declaration the loader refuses would stop every later plan.
    const check = loadDesiredStateText(text, target, ctx.providers, loaded.env);
    if (!check.state) {
      for (const d of check.diagnostics.filter((d) => d.severity === "error")) ctx.err(`${diagnosticLine(d)}\n`);
      ctx.err(`error: the imported declarations do not load; nothing was written to ${target}\n`);
      return 1;
    }
    await writeFile(target, text);
    ctx.out(importSummary(result, target));
    return result.failures.length > 0 ? 1 : 0;
  });
}
