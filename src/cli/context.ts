/** The composition root: everything a command needs, built once from argv and the environment. */
import { loadDesiredStateFile, loadDesiredStateText } from "../config/index.js";
import { DEFAULT_DESIRED_STATE_FILE, type DesiredState } from "../core/desired-state.js";
import type { Provider } from "../core/kind.js";
import { createJsonLogger, Redactor, silentLogger } from "../core/log.js";
import type { Diagnostic, Env, Logger } from "../core/types.js";
import { providers as registry } from "../providers/registry.js";
import { diagnosticLine } from "../report/format.js";
import { plain, type Style, styleFor } from "../report/terminal.js";
import { type Sandbox, startSandbox } from "../sandbox/index.js";
import { createTextLogger } from "./logger.js";
import { releaseLoaderGarbage } from "./memory.js";
import { requestTimeoutMs } from "./operator-env.js";
import type { Options } from "./options.js";
import type { Invocation } from "./parse.js";
import { StatusLine, type TerminalStream } from "./status-line.js";

export interface Io {
  stdout: TerminalStream;
  stderr: TerminalStream;
  stdinIsTTY: boolean;
  /** Asks a yes/no question on the terminal. */
  confirm(question: string): Promise<boolean>;
}

export interface Context {
  io: Io;
  env: Env;
  options: Options;
  /** The command's positional arguments (`sandbox demo`, `apply PLAN`). */
  args: readonly string[];
  providers: ReadonlyMap<string, Provider>;
  logger: Logger;
  redactor: Redactor;
  /** The operator's per-request timeout (`REGIONSYNC_REQUEST_TIMEOUT_MS`, or the default), given to every session. */
  requestTimeoutMs: number;
  style: Style;
  /** The progress line on a terminal; `out`, `err` and the logger write above it. */
  status: StatusLine;
  /** Writes to stdout with every known secret masked. */
  out(text: string): void;
  /** Writes human messages to stderr, secrets masked. */
  err(text: string): void;
}

/** Throws when the operator's environment holds an unusable setting (the message names the variable). */
export function createContext(
  io: Io,
  env: Env,
  { options, args }: Pick<Invocation, "options" | "args">,
  providers = registry,
): Context {
  const redactor = new Redactor();
  const timeout = requestTimeoutMs(env);
  const status = new StatusLine(io.stderr);
  const onTerminal = Boolean(io.stderr.isTTY);
  const level = options.logLevel ?? (onTerminal ? "warn" : "info");
  const write = (line: string) => status.print(line);
  const logger =
    options.json && onTerminal
      ? silentLogger
      : (options.logFormat ?? (onTerminal ? "text" : "json")) === "text"
        ? createTextLogger({ level, redactor, style: styleFor(io.stderr, env), write })
        : createJsonLogger({ level, redactor, write });
  return {
    io,
    env,
    options,
    args,
    providers,
    logger,
    redactor,
    requestTimeoutMs: timeout,
    style: options.json || options.markdown ? plain : styleFor(io.stdout, env),
    status,
    out: (text) => status.print(redactor.redact(text), io.stdout),
    err: (text) => status.print(redactor.redact(text)),
  };
}

/** Every value an environment variable named in the file holds is a secret: mask it in every output. */
export function registerSecrets(ctx: Context, state: DesiredState, env: Env): void {
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        if (k.endsWith("_env") && typeof v === "string") ctx.redactor.add(env[v]);
        else visit(v);
      }
    }
  };
  visit(state.accounts.map((a) => a.settings));
  visit(state.instances.map((i) => i.spec));
}

export function printDiagnostics(ctx: Context, diagnostics: Diagnostic[]): void {
  for (const d of diagnostics)
    ctx.err(`${d.severity === "error" ? ctx.style.red(diagnosticLine(d)) : diagnosticLine(d)}\n`);
}

export interface Loaded {
  state: DesiredState;
  env: Env;
  sandbox?: Sandbox;
  close(): Promise<void>;
}

/** The desired-state file a command reads: -f, or ./desired-state.yaml. */
export function desiredStateFile(ctx: Context): string {
  return ctx.options.file ?? DEFAULT_DESIRED_STATE_FILE;
}

/**
 * Loads and validates the desired state (from `text` when given: a file edited in memory, not yet written); on errors
 * prints them all and returns undefined.
 */
export async function loadState(ctx: Context, text?: string): Promise<Loaded | undefined> {
  const file = desiredStateFile(ctx);
  const result =
    text === undefined
      ? await loadDesiredStateFile(file, ctx.providers, ctx.env)
      : loadDesiredStateText(text, file, ctx.providers, ctx.env);
  if (!result.state) {
    printDiagnostics(ctx, result.diagnostics);
    const count = result.diagnostics.filter((d) => d.severity === "error").length;
    ctx.err(`${count} error${count === 1 ? "" : "s"} in ${file}; nothing was sent to any vendor.\n`);
    return undefined;
  }
  printDiagnostics(ctx, result.diagnostics);
  releaseLoaderGarbage(result.state.instances.length);
  if (!ctx.options.sandbox) {
    registerSecrets(ctx, result.state, ctx.env);
    return { state: result.state, env: ctx.env, close: async () => {} };
  }
  const sandbox = await startSandbox(result.state, { basePort: ctx.options.port });
  ctx.logger.info("sandbox started", { accounts: sandbox.urls });
  return { state: sandbox.state, env: sandbox.env, sandbox, close: () => sandbox.close() };
}

/** The same context with some options changed: options are never changed in place. */
export function withOptions(ctx: Context, patch: Partial<Options>): Context {
  return { ...ctx, options: Object.freeze({ ...ctx.options, ...patch }) };
}
