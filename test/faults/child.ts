/**
 * The shipped CLI in a child process (`node dist/src/cli/bin.js`), against emulators in the test's own process, and
 * the faults the matrix arms on those emulators: each follows the requests it matches, and all of a cell's faults are
 * disarmed together before the cell's rerun.
 */
import { type ChildProcess, spawn } from "node:child_process";
import type { Emulator, EmulatorRequest, Fault } from "../../emulators/common/server.js";

const bin = new URL("../../src/cli/bin.js", import.meta.url).pathname;

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<ChildRun> } {
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const done = new Promise<ChildRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/**
 * Faults armed on one emulator. The server asks a fault's matcher once per queued fault, so each matcher decides once
 * per request and remembers; `disarm` makes every one of them match nothing.
 */
export class ArmedFaults {
  private armed = true;
  constructor(private readonly server: Emulator) {}

  /** `faults` answered in turn to the requests `match` picks. */
  on(faults: Fault[], match: (req: EmulatorRequest) => boolean): void {
    const decided = new WeakMap<EmulatorRequest, boolean>();
    this.server.injectFaults(faults, (req) => {
      if (!this.armed) return false;
      if (!decided.has(req)) decided.set(req, match(req));
      return decided.get(req)!;
    });
  }

  disarm(): void {
    this.armed = false;
  }
}

/** Matches the first request `match` picks, then every request to the same method and path (its retries). */
export function latched(match: (req: EmulatorRequest) => boolean): (req: EmulatorRequest) => boolean {
  let target: string | undefined;
  return (req) => {
    const key = `${req.method} ${req.path}`;
    if (target === undefined && match(req)) target = key;
    return target === key;
  };
}

/** Matches every request once `writes` writes have been let through. */
export function afterWrites(isWrite: (req: EmulatorRequest) => boolean, writes: number) {
  let seen = 0;
  return (req: EmulatorRequest): boolean => {
    if (seen >= writes) return true;
    if (isWrite(req)) seen += 1;
    return false;
  };
}

/**
 * Kills `child` with SIGKILL when its write after the `writes`th reaches the emulator, and resets that write and any
 * later request, so exactly `writes` writes were carried out.
 */
export function killAfterWrites(
  faults: ArmedFaults,
  isWrite: (req: EmulatorRequest) => boolean,
  writes: number,
  child: ChildProcess,
): () => boolean {
  let killed = false;
  const beyond = afterWrites(isWrite, writes);
  faults.on(
    Array.from({ length: 200 }, () => ({ kind: "reset" as const })),
    (req) => {
      if (!beyond(req)) return false;
      if (!killed) {
        killed = true;
        child.kill("SIGKILL");
      }
      return true;
    },
  );
  return () => killed;
}
