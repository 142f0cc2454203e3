/**
 * The CLI as users run it: `node dist/src/cli/bin.js ARGS` in a child process, timed from spawn to exit, its peak RSS
 * as the kernel accounted it, read by GNU time (`apt-get install time`) into a file of its own so the CLI's output
 * stays as it is.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const TIME = "/usr/bin/time";
export const CLI = fileURLToPath(new URL("../../src/cli/bin.js", import.meta.url));

export interface CliRun {
  code: number;
  /** Epoch milliseconds at spawn, to compare with the emulator's arrival times. */
  startedAt: number;
  wallMs: number;
  rssMb: number;
  stdout: string;
  stderr: string;
}

/** Runs `node [NODE_ARGS] SCRIPT ARGS` (the CLI by default) with `env` added to this process's environment. */
export function runCli(
  args: string[],
  env: Record<string, string>,
  script = CLI,
  nodeArgs: string[] = [],
): Promise<CliRun> {
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing: apt-get install time`);
  const dir = mkdtempSync(join(tmpdir(), "regionsync-bench-"));
  const rssFile = join(dir, "rss");
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const started = performance.now();
    const child = spawn(TIME, ["-o", rssFile, "-f", "%M", process.execPath, ...nodeArgs, script, ...args], {
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      const rssKb = Number(readFileSync(rssFile, "utf8").trim().split("\n").at(-1));
      rmSync(dir, { recursive: true, force: true });
      resolve({ code: code ?? -1, startedAt, wallMs, rssMb: rssKb / 1024, stdout, stderr });
    });
  });
}

/** Fails loudly, with the CLI's own words, when a run that should succeed did not. */
export function expectExit(run: CliRun, code: number, what: string): CliRun {
  if (run.code !== code) {
    throw new Error(
      `${what} exited ${run.code} (expected ${code}):\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`,
    );
  }
  return run;
}
