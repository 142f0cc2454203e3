/** argv → the command, its positionals and its typed, immutable options; every problem is one line for the user. */
import { parseArgs } from "node:util";
import { type Options, optionSpecs } from "./options.js";

export interface Invocation {
  command?: string;
  args: readonly string[];
  options: Options;
}

type Spec = (typeof optionSpecs)[keyof typeof optionSpecs];

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
    return { error: `--${spec.flag} must be one of ${spec.value.join(", ")}, not '${text}'` };
  }
  return { value: text };
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
    return { error: (error as Error).message };
  }
  const [command, ...args] = parsed.positionals;
  const options: Record<string, unknown> = {};
  for (const [key, spec] of entries) {
    const raw = parsed.values[spec.flag] as string | string[] | boolean | undefined;
    if (
      raw !== undefined &&
      command &&
      spec.commands.length > 0 &&
      !(spec.commands as readonly string[]).includes(command)
    ) {
      return { error: `--${spec.flag} does not apply to '${command}'` };
    }
    const converted = convert(spec, raw);
    if ("error" in converted) return converted;
    options[key] = converted.value;
  }
  return { command, args, options: Object.freeze(options) as Options };
}
