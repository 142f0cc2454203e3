/**
 * The fuzzer's properties, shared by test/fuzz/fuzz.test.ts and bench/fuzz.ts. Through the loader (in process): it
 * never throws, never takes seconds, and an invalid document gets only diagnostics with file:line:column inside the
 * file and no stack trace. Through the CLI (a child process, against a loopback tripwire that counts connections):
 * `validate` and, for an invalid document, `plan` exit 0 or 1, print no stack trace, name file:line:column for an
 * invalid document, and open no connection.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { loadDesiredStateFile } from "../../src/config/index.js";
import { providers } from "../../src/providers/registry.js";
import { fuzzEnv, PLACEHOLDER } from "./bases.js";
import { documentFor } from "./generate.js";

/** Node's stack frames, or the CLI's last-resort message. */
export const CRASH = /\n\s+at \S.*:\d+:\d+\)?|\bat (?:async )?[\w.<>]+ \(|unexpected failure|Error: .*\n\s+at /;
/** A warning Node or the YAML parser printed itself, past the CLI's diagnostics. */
const RAW_WARNING = /\(node:\d+\) |YAMLWarning|\[DEP\d+\]/;
/** A document that takes longer than this in the loader counts as a hang. */
export const HANG_MS = 5000;

/** Warnings the process emitted (the YAML parser's go through `process.emitWarning`), taken by the next check. */
const warnings: string[] = [];
process.on("warning", (warning) => warnings.push(warning.message));

export interface Verdict {
  seed: number;
  valid: boolean;
  ms: number;
  problems: string[];
}

export const replayHint = (seed: number) => `replay: FUZZ_SEED=${seed} node --test dist/test/fuzz/fuzz.test.js`;

/** Loads the document of `seed` from `file` in process and checks the loader's properties. */
export async function checkLoader(
  seed: number,
  bases: readonly string[],
  file: string,
  env: Record<string, string>,
): Promise<Verdict & { text: string; mutations: string[] }> {
  const { text, mutations } = documentFor(seed, bases);
  writeFileSync(file, text);
  const problems: string[] = [];
  const started = performance.now();
  let valid = false;
  try {
    const { state, diagnostics } = await loadDesiredStateFile(file, providers, env);
    const errors = diagnostics.filter((d) => d.severity === "error");
    valid = errors.length === 0;
    if (valid !== (state !== undefined)) problems.push(`a state ${state ? "with" : "without"} errors`);
    const lines = text.split(/\r\n|\r|\n/).length;
    for (const d of errors) {
      const at = d.at;
      if (!at || at.file !== file || at.line < 1 || at.column < 1 || at.line > lines + 1) {
        problems.push(`no file:line:column inside the file for [${d.code}] ${d.message} (at ${JSON.stringify(at)})`);
      }
    }
    for (const d of diagnostics) {
      if (CRASH.test(`${d.message}\n${d.hint ?? ""}`)) problems.push(`a stack trace in [${d.code}] ${d.message}`);
    }
  } catch (error) {
    problems.push(`the loader threw: ${(error as Error).stack ?? String(error)}`);
  }
  // Emitted warnings are delivered on a later tick.
  await new Promise((resolve) => setImmediate(resolve));
  for (const warning of warnings.splice(0)) problems.push(`the loader printed a raw warning: ${warning}`);
  const ms = performance.now() - started;
  if (ms > HANG_MS) problems.push(`the loader took ${ms.toFixed(0)} ms`);
  return { seed, valid, ms, problems, text, mutations };
}

/** A loopback listener standing in for a vendor: every connection to it is counted, every request answered 503. */
export async function startTripwire(): Promise<{ url: string; connections(): number; close(): Promise<void> }> {
  let connections = 0;
  const server = createServer((_req, res) => res.writeHead(503).end());
  server.on("connection", () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const bin = new URL("../../src/cli/bin.js", import.meta.url).pathname;

function runBin(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/**
 * Runs the CLI on `file` (the document, its endpoints the tripwire's): `validate`, and `plan` when the document is
 * invalid (a valid one would rightly reach the tripwire).
 */
export async function checkCli(
  seed: number,
  file: string,
  env: Record<string, string>,
  tripwire: { connections(): number },
): Promise<Verdict> {
  const problems: string[] = [];
  const started = performance.now();
  const before = tripwire.connections();
  const validate = await runBin(["validate", "-f", file], env);
  const valid = validate.code === 0;
  const runs: Array<[string, { code: number | null; output: string }]> = [["validate", validate]];
  if (!valid) runs.push(["plan", await runBin(["plan", "-f", file], env)]);
  const position = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: error`);
  for (const [command, run] of runs) {
    if (run.code !== 0 && run.code !== 1) problems.push(`${command} exited ${run.code}`);
    if (CRASH.test(run.output)) problems.push(`${command} printed a stack trace:\n${run.output.slice(0, 2000)}`);
    if (RAW_WARNING.test(run.output)) problems.push(`${command} printed a raw warning:\n${run.output.slice(0, 2000)}`);
    if (!valid && !position.test(run.output)) {
      problems.push(`${command} named no file:line:column:\n${run.output.slice(0, 2000)}`);
    }
  }
  const reached = tripwire.connections() - before;
  if (reached > 0) problems.push(`${reached} connection(s) reached the tripwire (${valid ? "validate" : "plan"})`);
  return { seed, valid, ms: performance.now() - started, problems };
}

/** `checkCli` for each of `seeds`, two child processes at a time, every endpoint the tripwire's. */
export async function checkCliSeeds(
  seeds: number[],
  bases: readonly string[],
  dir: string,
  tripwire: { url: string; connections(): number },
): Promise<Verdict[]> {
  const env = fuzzEnv(tripwire.url);
  const verdicts: Verdict[] = [];
  for (let i = 0; i < seeds.length; i += 2) {
    const batch = seeds.slice(i, i + 2).map((seed) => {
      const file = join(dir, `cli-${seed}.yaml`);
      writeFileSync(file, documentFor(seed, bases).text.replaceAll(PLACEHOLDER, tripwire.url));
      return checkCli(seed, file, env, tripwire);
    });
    verdicts.push(...(await Promise.all(batch)));
  }
  return verdicts;
}
