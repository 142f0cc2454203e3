import type { Context } from "../context.js";
import { helpText } from "../help.js";
import { didYouMean } from "../suggest.js";
import { commands } from "../usage.js";

/** `regionsync help [COMMAND]`: the same text as `--help`. */
export async function helpCommand(ctx: Context): Promise<number> {
  const topic = ctx.args[0];
  if (topic && !Object.hasOwn(commands, topic)) {
    const names = Object.keys(commands);
    ctx.err(`error: no help for '${topic}'${didYouMean(topic, names)} (commands: ${names.join(", ")})\n`);
    return 1;
  }
  ctx.out(helpText(topic));
  return 0;
}
