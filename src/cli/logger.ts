/**
 * The log on a terminal: warnings and errors as plain lines (`warning: auth0 request retried (account=auth0-us,
 * attempt=1)`), above the progress line. Records the command reports itself (a failed account is a plan diagnostic,
 * an unexpected failure an `error:` line) carry `reported: true` and are not repeated here. Off a terminal, or with
 * `--log-format json`, the JSON log (core/log.ts) is written instead.
 */
import type { Level, Redactor } from "../core/log.js";
import type { Logger } from "../core/types.js";
import type { Style } from "../report/terminal.js";

const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const label: Record<Level, string> = { debug: "debug", info: "info", warn: "warning", error: "error" };

function value(v: unknown): string {
  if (v instanceof Error) return v.message;
  if (typeof v === "string") return /[\s,=()]/.test(v) ? JSON.stringify(v) : v;
  return JSON.stringify(v);
}

export function createTextLogger(opts: {
  level: Level;
  redactor: Redactor;
  style: Style;
  write: (line: string) => void;
}): Logger {
  const paint: Record<Level, (s: string) => string> = {
    debug: opts.style.dim,
    info: opts.style.dim,
    warn: opts.style.yellow,
    error: opts.style.red,
  };
  const emit = (level: Level, msg: string, meta: Record<string, unknown> = {}) => {
    if (order[level] < order[opts.level] || meta.reported === true) return;
    const fields = Object.entries(meta)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${value(v)}`);
    const line = `${paint[level](`${label[level]}:`)} ${msg}${fields.length ? ` (${fields.join(", ")})` : ""}`;
    opts.write(`${opts.redactor.redact(line)}\n`);
  };
  return {
    debug: (msg, meta) => emit("debug", msg, meta),
    info: (msg, meta) => emit("info", msg, meta),
    warn: (msg, meta) => emit("warn", msg, meta),
    error: (msg, meta) => emit("error", msg, meta),
  };
}
