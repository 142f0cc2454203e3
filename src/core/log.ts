/**
 * Structured JSON logs on stderr. Every line passes through the redactor, so a secret that reaches a log call by
 * accident (inside an error message, say) is masked before it is written.
 */
import type { Logger } from "./types.js";

export type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Known secret values; every rendered output is passed through `redact`. */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(value: string | undefined): void {
    if (value && value.length >= 4) this.secrets.add(value);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join("***");
    return out;
  }
}

export function createJsonLogger(opts: {
  level?: Level;
  redactor?: Redactor;
  write?: (line: string) => void;
  now?: () => Date;
}): Logger {
  const min = order[opts.level ?? "info"];
  const write = opts.write ?? ((line: string) => process.stderr.write(line));
  const now = opts.now ?? (() => new Date());
  const emit = (level: Level, msg: string, meta?: Record<string, unknown>) => {
    if (order[level] < min) return;
    const line = JSON.stringify({ time: now().toISOString(), level, msg, ...meta }, errorReplacer);
    write(`${opts.redactor ? opts.redactor.redact(line) : line}\n`);
  };
  return {
    debug: (msg, meta) => emit("debug", msg, meta),
    info: (msg, meta) => emit("info", msg, meta),
    warn: (msg, meta) => emit("warn", msg, meta),
    error: (msg, meta) => emit("error", msg, meta),
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
