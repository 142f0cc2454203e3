/** Runs the real CLI in-process with captured output, as a user at a terminal or in CI would. */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import type { Io } from "../../src/cli/context.js";
import { main } from "../../src/cli/main.js";
import { loadDesiredStateFile } from "../../src/config/index.js";
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
  opts: { env?: NodeJS.ProcessEnv; tty?: boolean; answer?: string } = {},
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: opts.tty ?? false },
    stdinIsTTY: opts.tty ?? false,
    confirm: async () => opts.answer === "yes",
  };
  const code = await main(args, io, opts.env ?? {});
  return { code, stdout, stderr };
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
