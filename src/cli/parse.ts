/** argv → the command, its positionals and its typed, immutable options; every problem is one line for the user. */
import { parseArgs } from "node:util";
import { type Options, optionSpecs } from "./options.js";
import { didYouMean } from "./suggest.js";
import { commands } from "./usage.js";

export interface Invocation {
  command?: string;
  args: readonly string[];
  options: Options;
}

type Spec = (typeof optionSpecs)[keyof typeof optionSpecs];
const specs = Object.values(optionSpecs) as Spec[];

function convert(spec: Spec, raw: string | string[] | boolean | undefined): { value: unknown } | { error: string } {
  const value = raw ?? ("default" in spec ? spec.default : undefined);
  if (spec.value === "boolean") return { value: raw === true };
  if (spec.value === "repeated") return { value: raw === undefined ? undefined : Object.freeze([raw].flat()) };
  if (value === undefined) return { value: undefined };
  const text = String(value);
  if (spec.value === "integer") {
    const n = Number(text);
    return Number.isSafeInteger(n) && n >= 0 ? { value: n } : { error: `--${spec.flag} needs a whole number` };
  }
  if (spec.value === "list") {
    return {
      value: text
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    };
  }
  if (typeof spec.value === "object" && !(spec.value as readonly string[]).includes(text)) {
    return {
      error: `--${spec.flag} must be one of ${spec.value.join(", ")}, not '${text}'${didYouMean(text, spec.value)}`,
    };
  }
  return { value: text };
}

/** Node's parseArgs messages, said the way the rest of the CLI speaks, with a suggestion for a mistyped option. */
function explain(error: Error & { code?: string }): string {
  const named = error.message.match(/'(-{1,2}[^' =,]+)/)?.[1] ?? "";
  const spec = specs.find((s) => named === `--${s.flag}` || ("short" in s && named === `-${s.short}`));
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const flags = specs.map((s) => `--${s.flag}`);
    return `unknown option '${named}'${named.startsWith("--") ? didYouMean(named, flags) : ""}`;
  }
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && spec) {
    return /argument missing/.test(error.message)
      ? `--${spec.flag} needs a value${"placeholder" in spec ? ` (${spec.placeholder})` : ""}`
      : `--${spec.flag} takes no value`;
  }
  return error.message;
}

export function parseInvocation(argv: string[]): Invocation | { error: string } {
  let parsed: ReturnType<typeof parseArgs>;
  const entries = Object.entries(optionSpecs) as [keyof typeof optionSpecs, Spec][];
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        entries.map(([, s]) => [
          s.flag,
          {
            type: s.value === "boolean" ? "boolean" : "string",
            ...(s.value === "repeated" ? { multiple: true } : {}),
            ...("short" in s ? { short: s.short } : {}),
          },
        ]),
      ),
    });
  } catch (error) {
    return { error: explain(error as Error) };
  }
  const [command, ...args] = parsed.positionals;
  const options: Record<string, unknown> = {};
  for (const [key, spec] of entries) {
    const raw = parsed.values[spec.flag] as string | string[] | boolean | undefined;
    if (
      raw !== undefined &&
      command &&
      // A mistyped command is reported as such, with a suggestion, rather than as a misplaced option.
      Object.hasOwn(commands, command) &&
      spec.commands.length > 0 &&
      !(spec.commands as readonly string[]).includes(command)
    ) {
      return { error: `--${spec.flag} does not apply to '${command}' (only to ${spec.commands.join(", ")})` };
    }
    const converted = convert(spec, raw);
    if ("error" in converted) return converted;
    options[key] = converted.value;
  }
  return { command, args, options: Object.freeze(options) as Options };
}
