import { completionScript, shells } from "../completion.js";
import type { Context } from "../context.js";
import { didYouMean } from "../suggest.js";

/** `regionsync completion bash|zsh|fish`: the script on stdout. */
export async function completionCommand(ctx: Context): Promise<number> {
  const shell = shells.find((s) => s === ctx.args[0]);
  if (!shell) {
    const given = ctx.args[0];
    const why = given ? `no completion for '${given}'${didYouMean(given, shells)}` : "which shell?";
    ctx.err(`error: ${why} (regionsync completion ${shells.join("|")})\n`);
    return 1;
  }
  ctx.out(completionScript(shell, [...ctx.providers.keys()].sort()));
  return 0;
}
