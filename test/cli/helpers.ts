/** Runs the real CLI in-process with captured output, as a user at a terminal or in CI would. */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import type { Io } from "../../src/cli/context.js";
import { main } from "../../src/cli/main.js";
import { loadDesiredStateFile } from "../../src/config/index.js";
import type { Provider } from "../../src/core/kind.js";
import { providers } from "../../src/providers/registry.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";

export const rootFile = new URL("../../../desired-state.yaml", import.meta.url).pathname;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; tty?: boolean; answer?: string; providers?: ReadonlyMap<string, Provider> } = {},
): Promise<CliResult> {
  const { io, printed } = capturingIo(opts);
  const code = await main(args, io, opts.env ?? {}, opts.providers);
  return { code, ...printed() };
}

/** An Io that keeps what a command prints, as a terminal (`tty`) or not, answering a confirmation with `answer`. */
export function capturingIo(opts: { tty?: boolean; answer?: string } = {}) {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: opts.tty ?? false },
    stdinIsTTY: opts.tty ?? false,
    confirm: async () => opts.answer === "yes",
  };
  return { io, printed: () => ({ stdout, stderr }) };
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "regionsync-test-"));
}

/** Starts the sandbox emulators for a desired-state file and writes a copy of it pointed at them. */
export async function sandboxFor(file = rootFile): Promise<{ sandbox: Sandbox; file: string; env: NodeJS.ProcessEnv }> {
  const loaded = await loadDesiredStateFile(file, providers);
  if (!loaded.state) throw new Error(`invalid ${file}: ${JSON.stringify(loaded.diagnostics)}`);
  const sandbox = await startSandbox(loaded.state);
  const doc = parseDocument(await readFile(file, "utf8"));
  for (const [account, url] of Object.entries(sandbox.urls)) doc.setIn(["accounts", account, "endpoint"], url);
  const target = join(await tempDir(), "desired-state.yaml");
  await writeFile(target, doc.toString());
  return { sandbox, file: target, env: { ...sandbox.env } };
}

/**
 * Listeners on the ports `urls` name (emulators already closed), answering 500 and counting: a test asserts that no
 * request reached any vendor.
 */
export async function tripwires(urls: string[]): Promise<{ hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const servers: Server[] = [];
  for (const url of urls) {
    const server = createServer((_req, res) => {
      hits++;
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(Number(new URL(url).port), "127.0.0.1", resolve));
    servers.push(server);
  }
  return {
    hits: () => hits,
    close: async () => {
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}

/** A loopback port nothing listens on (it was free a moment ago). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
