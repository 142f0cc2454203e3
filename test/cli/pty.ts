/**
 * Runs the built CLI on a pseudo-terminal, as a person at a terminal would see it. The pty is util-linux's `script`
 * (in every Debian and Ubuntu base, so a fresh CI machine has it; an npm pty package would need a native build or a
 * prebuilt binary per platform; CI installs `script` with its apt helper when missing). `draw` replays the output as a
 * terminal draws it: `\r` returns to the line's start and ESC[2K clears it, so a progress line that was cleared is gone
 * and a log line written over it shows.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../../src/cli/bin.js", import.meta.url));
const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

export interface PtyResult {
  code: number | null;
  /** Everything written to the terminal, escapes included. */
  raw: string;
  /** The lines the terminal shows at the end, colours removed (a long line kept whole, not wrapped). */
  screen: string[];
}

export function runOnPty(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; columns?: number }): PtyResult {
  const command = `stty cols ${opts.columns ?? 100} rows 50; exec ${[process.execPath, bin, ...args].map(quote).join(" ")}`;
  const run = spawnSync("script", ["--quiet", "--return", "--command", command, "/dev/null"], {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: "xterm-256color", ...opts.env },
    input: "",
    encoding: "utf8",
    timeout: 120_000,
  });
  if (run.error) throw new Error(`no pseudo-terminal: util-linux's script could not run (${run.error.message})`);
  const raw = run.stdout.replace(/\r\n/g, "\n");
  return { code: run.status, raw, screen: draw(raw) };
}

/** The terminal's lines after `raw`: only `\r`, `\n`, erase-line and colours matter for what the CLI writes. */
export function draw(raw: string): string[] {
  const lines: string[] = [];
  let line = "";
  let column = 0;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escapes are what is parsed here
  for (const token of raw.replace(/\u001b\[[0-9;]*m/g, "").split(/(\r|\n|\u001b\[2K)/)) {
    if (token === "\n") {
      lines.push(line.trimEnd());
      line = "";
      column = 0;
    } else if (token === "\r") column = 0;
    else if (token === "\u001b[2K") line = "";
    else {
      line = line.slice(0, column).padEnd(column) + token + line.slice(column + token.length);
      column += token.length;
    }
  }
  if (line) lines.push(line.trimEnd());
  return lines;
}
