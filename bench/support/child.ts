/**
 * A benchmark's emulator runs in a child process, so the memory measured is regionsync's own. The child serves named
 * operations over IPC (seed a tenant, set the rate limit, report what it saw); the parent asks and awaits the answer.
 */
import { fork } from "node:child_process";

type Operation = (arg: never) => unknown;
type Ask = { id: number; op: string; arg: unknown };
type Answer = { id: number; result?: unknown; error?: string };

export interface EmulatorChild {
  url: string;
  ask<T = unknown>(op: string, arg?: unknown): Promise<T>;
  close(): void;
}

/** Forks `script --emulator` and waits for the URL it serves on. */
export function forkEmulator(script: string): Promise<EmulatorChild> {
  const child = fork(script, ["--emulator"], { stdio: "inherit" });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let next = 1;
  child.on("message", (m: Answer) => {
    const waiting = pending.get(m.id);
    pending.delete(m.id);
    if (m.error) waiting?.reject(new Error(m.error));
    else waiting?.resolve(m.result);
  });
  const ask = <T>(op: string, arg?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op, arg } satisfies Ask);
    });
  return new Promise((resolve, reject) => {
    pending.set(0, {
      resolve: (url) => resolve({ url: String(url), ask, close: () => child.disconnect() }),
      reject,
    });
    child.once("exit", (code) => reject(new Error(`emulator child exited with ${code}`)));
  });
}

/** In the child: answers the parent's operations; `close` runs when the parent disconnects. */
export function serveEmulator(url: string, operations: Record<string, Operation>, close: () => Promise<void>): void {
  process.on("message", async ({ id, op, arg }: Ask) => {
    try {
      const run = operations[op];
      if (!run) throw new Error(`unknown operation ${op}`);
      process.send?.({ id, result: await run(arg as never) } satisfies Answer);
    } catch (error) {
      process.send?.({ id, error: error instanceof Error ? error.message : String(error) } satisfies Answer);
    }
  });
  process.on("disconnect", () => void close().then(() => process.exit(0)));
  process.send?.({ id: 0, result: url } satisfies Answer);
}
