/**
 * Structured JSON logs on stderr. Every line passes through the redactor, so a secret that reaches a log call by
 * accident (inside an error message, say) is masked before it is written.
 */
import { MASK, maskLabelledCredentials, secretForms } from "./redact.js";
import type { Logger, SecretSink } from "./types.js";

export type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Known secret values, registered as they are read (environment variables) or obtained (tokens); every rendered
 * output is passed through `redact`, which masks each in every form it may take (see redact.ts) and any credential
 * that carries its label.
 */
export class Redactor implements SecretSink {
  private readonly forms = new Set<string>();
  private pattern: RegExp | null | undefined;

  add(value: string | undefined): void {
    if (!value) return;
    for (const form of secretForms(value)) {
      if (this.forms.has(form)) continue;
      this.forms.add(form);
      this.pattern = undefined;
    }
  }

  redact(text: string): string {
    this.pattern ??= this.compile();
    return maskLabelledCredentials(this.pattern ? text.replace(this.pattern, MASK) : text);
  }

  /** One alternation, longest form first, so a form that contains another is masked whole. */
  private compile(): RegExp | null {
    if (this.forms.size === 0) return null;
    const sorted = [...this.forms].sort((a, b) => b.length - a.length);
    return new RegExp(sorted.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
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
