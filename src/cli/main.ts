/** The `regionsync` command. */
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { applyCommand } from "./commands/apply.js";
import { planCommand } from "./commands/plan.js";
import { runCommand } from "./commands/run.js";
import { sandboxCommand } from "./commands/sandbox.js";
import { schemaCommand } from "./commands/schema.js";
import { validateCommand } from "./commands/validate.js";
import { type Context, createContext, type Io } from "./context.js";
import { commands, helpText, optionSpecs } from "./options.js";

const handlers: Record<string, (ctx: Context) => Promise<number>> = {
  validate: validateCommand,
  plan: planCommand,
  apply: applyCommand,
  run: runCommand,
  sandbox: sandboxCommand,
  schema: schemaCommand,
};

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

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

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: Io = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        optionSpecs.map((o) => [o.name, { type: o.type, ...(o.short ? { short: o.short } : {}) }]),
      ),
    });
  } catch (error) {
    io.stderr.write(`error: ${(error as Error).message}\nRun 'regionsync --help' for usage.\n`);
    return 1;
  }
  const [command, ...positionals] = parsed.positionals;
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.version) {
    io.stdout.write(`regionsync ${version()}\n`);
    return 0;
  }
  if (!command || values.help) {
    io.stdout.write(helpText(command));
    return command || values.help ? 0 : 1;
  }
  const handler = handlers[command];
  if (!handler) {
    io.stderr.write(`error: unknown command '${command}' (commands: ${Object.keys(commands).join(", ")})\n`);
    return 1;
  }
  for (const [name, value] of Object.entries(values)) {
    const spec = optionSpecs.find((o) => o.name === name);
    if (value !== undefined && spec && spec.commands.length > 0 && !spec.commands.includes(command)) {
      io.stderr.write(`error: --${name} does not apply to '${command}'\nRun 'regionsync ${command} --help'.\n`);
      return 1;
    }
  }
  const ctx = createContext(io, env, values, positionals);
  try {
    return await handler(ctx);
  } catch (error) {
    ctx.logger.error("unexpected failure", { error: (error as Error).message });
    ctx.err(`error: ${(error as Error).message}\n`);
    return 1;
  }
}
