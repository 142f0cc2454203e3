/**
 * The `regionsync` command. `--version` and `--help` answer before any command module loads, and commands load on
 * use, so a command pays only for what it needs (no vendor SDK loads until an account is connected).
 */
import { createInterface } from "node:readline/promises";
import type { Provider } from "../core/kind.js";
import type { Context, Io } from "./context.js";
import { helpText } from "./help.js";
import { parseInvocation } from "./parse.js";
import { didYouMean } from "./suggest.js";
import { commands } from "./usage.js";
import { version } from "./version.js";

type Handler = (ctx: Context) => Promise<number>;

const handlers: Record<string, () => Promise<Handler>> = {
  validate: async () => (await import("./commands/validate.js")).validateCommand,
  plan: async () => (await import("./commands/plan.js")).planCommand,
  apply: async () => (await import("./commands/apply.js")).applyCommand,
  run: async () => (await import("./commands/run.js")).runCommand,
  sandbox: async () => (await import("./commands/sandbox.js")).sandboxCommand,
  region: async () => (await import("./commands/region.js")).regionCommand,
  schema: async () => (await import("./commands/schema.js")).schemaCommand,
  import: async () => (await import("./commands/import.js")).importCommand,
  help: async () => (await import("./commands/help.js")).helpCommand,
  completion: async () => (await import("./commands/completion.js")).completionCommand,
};

export const processIo: Io = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  async confirm(question) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return (await rl.question(question)).trim() === "yes";
    } finally {
      rl.close();
    }
  },
};

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code. `providers` replaces the registry's
 * (tests give GitHub's provider shorter waits).
 */
export async function main(
  argv: string[],
  io: Io = processIo,
  env: NodeJS.ProcessEnv = process.env,
  providers?: ReadonlyMap<string, Provider>,
): Promise<number> {
  const invocation = parseInvocation(argv);
  if ("error" in invocation) {
    const named = argv.find((a) => !a.startsWith("-"));
    const help = named && Object.hasOwn(commands, named) ? `regionsync help ${named}` : "regionsync help";
    io.stderr.write(`error: ${invocation.error}\nRun '${help}' for usage.\n`);
    return 1;
  }
  const { command, options } = invocation;
  if (options.version) {
    io.stdout.write(`regionsync ${version()}\n`);
    return 0;
  }
  if (!command || options.help) {
    io.stdout.write(helpText(command));
    return command || options.help ? 0 : 1;
  }
  const load = handlers[command];
  if (!load) {
    const names = Object.keys(commands);
    io.stderr.write(
      `error: unknown command '${command}'${didYouMean(command, names)} (commands: ${names.join(", ")})\n`,
    );
    return 1;
  }
  const { createContext } = await import("./context.js");
  let ctx: Context;
  try {
    ctx = createContext(io, env, invocation, providers);
  } catch (error) {
    io.stderr.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    return await (await load())(ctx);
  } catch (error) {
    ctx.logger.error("unexpected failure", { error: (error as Error).message, reported: true });
    ctx.err(`error: ${(error as Error).message}\n`);
    return 1;
  }
}
