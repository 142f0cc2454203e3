/**
 * Fuzzing benchmark (issue 10): the fuzzer of test/fuzz/ at scale. Every document goes through the loader in process;
 * a sample goes through the CLI (`validate`, and `plan` when invalid) in child processes against a loopback tripwire.
 * Reports documents/s, crashes, stack traces, documents without file:line:column, hangs, connections to the tripwire,
 * and the seed of every failure. Then a 50 MB desired-state.yaml through `validate` in a child process: wall time and
 * peak RSS by GNU time (`apt-get install time`).
 * Run: `npx tsc -p . && node dist/bench/fuzz.js [--docs 10000] [--seed 20261202] [--cli 50]`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { bases, fuzzEnv, PLACEHOLDER } from "../test/fuzz/bases.js";
import { checkCliSeeds, checkLoader, replayHint, startTripwire, type Verdict } from "../test/fuzz/check.js";

const { values } = parseArgs({
  options: {
    docs: { type: "string", default: "10000" },
    seed: { type: "string", default: "20261202" },
    cli: { type: "string", default: "50" },
  },
});
const docs = Number(values.docs);
const first = Number(values.seed);
const cliDocs = Number(values.cli);
const bin = fileURLToPath(new URL("../src/cli/bin.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "regionsync-fuzz-"));
const texts = bases();

function summarise(label: string, verdicts: Verdict[], ms: number, extra = ""): Verdict[] {
  const failures = verdicts.filter((v) => v.problems.length > 0);
  const count = (pattern: RegExp) => failures.filter((f) => f.problems.some((p) => pattern.test(p))).length;
  const invalid = verdicts.filter((v) => !v.valid).length;
  const slowest = Math.max(...verdicts.map((v) => v.ms));
  console.log(
    `${label}: ${verdicts.length} documents (${invalid} invalid) in ${(ms / 1000).toFixed(1)} s, ` +
      `${((verdicts.length / ms) * 1000).toFixed(0)} documents/s, slowest ${slowest.toFixed(0)} ms; ` +
      `crashes ${count(/threw|exited/)}, stack traces ${count(/stack trace/)}, ` +
      `without file:line:column ${count(/file:line:column/)}, hangs ${count(/took \d+ ms/)}${extra}`,
  );
  return failures;
}

async function loaderPhase(): Promise<Verdict[]> {
  const file = join(dir, "desired-state.yaml");
  const env = fuzzEnv(PLACEHOLDER);
  const verdicts: Verdict[] = [];
  const started = performance.now();
  for (let seed = first; seed < first + docs; seed++) verdicts.push(await checkLoader(seed, texts, file, env));
  return summarise("loader (in process)", verdicts, performance.now() - started);
}

async function cliPhase(): Promise<Verdict[]> {
  const tripwire = await startTripwire();
  const started = performance.now();
  // Spread over the seeds the loader ran.
  const step = Math.max(1, Math.floor(docs / Math.max(1, cliDocs)));
  const seeds = Array.from({ length: cliDocs }, (_, i) => first + i * step);
  const verdicts = await checkCliSeeds(seeds, texts, dir, tripwire);
  await tripwire.close();
  return summarise(
    "CLI (validate, plan)",
    verdicts,
    performance.now() - started,
    `, requests ${tripwire.connections()}`,
  );
}

/** The target: a 50 MB file refused in under 2 s and under 150 MB. */
function largeFile(): void {
  const file = join(dir, "large.yaml");
  const line = "      - https://app.example.com/callback/0123456789abcdef0123456789abcdef\n";
  writeFileSync(
    file,
    `version: 1\nregions: {}\naccounts: {}\nresources:\n  x:\n    y:\n${line.repeat(Math.ceil(50e6 / line.length))}`,
  );
  const started = process.hrtime.bigint();
  const run = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, bin, "validate", "-f", file], {
    encoding: "utf8",
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const lines = run.stderr.trim().split("\n");
  const rssMb = Number(lines.at(-1)) / 1024;
  const said = `${run.stdout}${lines.slice(0, -1).join("\n")}`.split("\n").find((l) => l.includes("error")) ?? "";
  console.log(
    `50 MB file: validate exited ${run.status} in ${seconds.toFixed(2)} s, peak RSS ${rssMb.toFixed(0)} MB ` +
      `(targets < 2 s, < 150 MB): ${said.replace(file, "large.yaml")}`,
  );
}

console.log(`Node ${process.version}; seeds ${first}…${first + docs - 1}`);
const failures = [...(await loaderPhase()), ...(await cliPhase())];
largeFile();
for (const f of failures.slice(0, 20))
  console.log(`seed ${f.seed} (${replayHint(f.seed)}):\n  ${f.problems.join("\n  ")}`);
rmSync(dir, { recursive: true, force: true });
process.exitCode = failures.length > 0 ? 1 : 0;
