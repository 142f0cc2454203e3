import { readFile, writeFile } from "node:fs/promises";
import { appendListItems, loadDesiredStateText } from "../../config/index.js";
import type { Env } from "../../core/types.js";
import { type ImportResult, importState, type Written } from "../../importer/index.js";
import { importSummary } from "../../importer/summary.js";
import { diagnosticLine } from "../../report/format.js";
import { type Context, desiredStateFile } from "../context.js";
import { growHeapSlowly } from "../memory.js";
import { withSession } from "../reconcile.js";

/** Declarations loaded at once to check them. */
const CHECK_BATCH = 250;

/** The accounts --account names, given one by one or comma-separated. */
const accountsAsked = (ctx: Context) => ctx.options.account?.flatMap((a) => a.split(","));

/** Problems with --kind and --account, reported before any vendor is contacted. */
function filterErrors(ctx: Context, accounts: readonly string[]): string[] {
  const { kind } = ctx.options;
  const account = accountsAsked(ctx);
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
  growHeapSlowly();
  let imported: { result: ImportResult; env: Env } | undefined;
  const code = await withSession(ctx, async (loaded, pool) => {
    const problems = filterErrors(
      ctx,
      loaded.state.accounts.map((a) => a.name),
    );
    if (problems.length > 0) {
      for (const p of problems) ctx.err(`error: ${p}\n`);
      return 1;
    }
    const { only, kind, name, tag, within } = ctx.options;
    const account = accountsAsked(ctx);
    const options = {
      providers: ctx.providers,
      logger: ctx.logger,
      only,
      kinds: kind,
      accounts: account,
      name,
      tag,
      within,
    };
    imported = { result: await importState(loaded.state, options, pool), env: loaded.env };
    return 0;
  });
  // Written once the sessions are closed, so what they read (a whole org's monitors) is memory again.
  if (!imported) return code;
  const { result, env } = imported;
  const source = desiredStateFile(ctx);
  const target = ctx.options.out ?? source;
  const original = await readFile(source, "utf8");
  // What is written must load: a declaration the loader refuses would stop every later plan. Checked in batches
  // beside the file's own text, so an org of 10,000 monitors is never expanded at once.
  for (let i = 0; i < result.written.length; i += CHECK_BATCH) {
    const batch = merged(original, result.written.slice(i, i + CHECK_BATCH));
    const errors = loadDesiredStateText(batch, target, ctx.providers, env).diagnostics.filter(
      (d) => d.severity === "error",
    );
    if (errors.length > 0) {
      for (const d of errors) ctx.err(`${diagnosticLine(d)}\n`);
      ctx.err(`error: the imported declarations do not load; nothing was written to ${target}\n`);
      return 1;
    }
  }
  await writeFile(target, merged(original, result.written));
  ctx.out(importSummary(result, target));
  return result.failures.length > 0 ? 1 : 0;
}
