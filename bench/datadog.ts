/**
 * Datadog benchmark, as users run regionsync: `regionsync apply --yes` and `regionsync plan` as child processes (wall
 * from spawn to exit, peak RSS of that process) against the emulated org in another child process, with 40 ms of
 * latency per request and a calendar-aligned window of 1,000 requests per 10 s.
 *
 * Each repetition: an org of 10,000 monitors made by hand; the file declares 200 templates × 4 regions, so `apply`
 * creates 800 monitors (the minimum: the owned listing, the org's 11 pages searched for hand-made namesakes, one
 * validation and one create per monitor); then `plan` on the converged org (minimum: one page of owned monitors).
 *
 * Run: `npx tsc -p . && node dist/bench/datadog.js [--runs 3]`.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DatadogStats } from "./datadog-child.js";
import { cliEnv, desiredFile, LATENCY_MS, ORG_SIZE, RATE, REGIONS, TEMPLATES } from "./datadog-workload.js";
import { forkEmulator } from "./support/child.js";
import { type CliRun, expectExit, runCli } from "./support/cli.js";
import { loadAverage, range, seconds, windowFloorMs } from "./support/figures.js";

const runsArg = process.argv.indexOf("--runs");
const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 3;
const creates = TEMPLATES * REGIONS.length;
const orgPages = Math.ceil((ORG_SIZE + 1) / 1000);

interface Sample {
  run: CliRun;
  stats: DatadogStats;
}

const child = await forkEmulator(fileURLToPath(new URL("./datadog-child.js", import.meta.url)));

async function measure(args: string[]): Promise<Sample> {
  await child.ask("rateLimit", RATE);
  await child.ask("reset");
  const run = expectExit(await runCli(args, cliEnv(child.url)), 0, `regionsync ${args.join(" ")}`);
  return { run, stats: await child.ask<DatadogStats>("stats") };
}

function row(label: string, samples: Sample[], minimum: number, floor: boolean): string {
  const s = samples.map((x) => x.stats);
  const detail = (["lists", "validations", "creates", "reads", "updates"] as const)
    .map((k) => `${range(s.map((x) => x[k]))} ${k}`)
    .join(" + ");
  const walls = samples.map((x) => x.run.wallMs);
  const floors = s.map((x) => windowFloorMs(x.requests, RATE));
  const ratio = floor
    ? ` (${range(
        walls.map((w, i) => w / floors[i]!),
        2,
      )}× the floor of ${seconds(floors)})`
    : "";
  // How long each phase's requests took to arrive, first to last.
  const phase = (k: keyof DatadogStats["phases"]) => `${k} ${seconds(s.map((x) => x.phases[k][1] - x.phases[k][0]))}`;
  const startup = range(samples.map((x) => x.stats.first - x.run.startedAt));
  const rate = floor
    ? `; first request ${startup} ms after spawn; ${phase("lists")}, ${phase("validations")}, ${phase("creates")}`
    : "";
  return `| ${label} | ${range(s.map((x) => x.requests))} (${detail}; minimum ${minimum}) | ${seconds(walls)}${ratio}${rate} | ${range(samples.map((x) => x.run.rssMb))} MB | ${range(s.map((x) => x.limited))} |`;
}

const dir = mkdtempSync(join(tmpdir(), "datadog-bench-"));
const file = join(dir, "desired-state.yaml");
writeFileSync(file, desiredFile(child.url));
const lines = [
  `regionsync CLI, ${runs} runs each, ${LATENCY_MS} ms latency, ${RATE.limit} requests per ${RATE.periodSeconds} s window; ${await loadAverage()} at start`,
  "",
  "| run | requests | wall | peak RSS | 429s |",
  "|---|---|---|---|---|",
];
const applies: Sample[] = [];
const steady: Sample[] = [];
try {
  for (let i = 0; i < runs; i++) {
    await child.ask("seed");
    applies.push(await measure(["apply", "--yes", "-f", file]));
    steady.push(await measure(["plan", "-f", file]));
  }
} finally {
  child.close();
}
lines.push(
  row(
    `apply: ${creates} creates in an org of ${ORG_SIZE.toLocaleString("en-US")}`,
    applies,
    1 + orgPages + 2 * creates,
    true,
  ),
  row(`plan: ${creates} managed in sync, org of ${(ORG_SIZE + creates).toLocaleString("en-US")}`, steady, 1, false),
  "",
  `${await loadAverage()} at the end`,
);
console.log(lines.join("\n"));
