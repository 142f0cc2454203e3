/**
 * Auth0 benchmark, as users run regionsync: `regionsync plan` and `regionsync apply --yes` as child processes (wall
 * from spawn to exit, peak RSS of that process) against the emulated tenant in another child process, under a token
 * bucket of 15 requests/second with a burst of 50 and 40 ms of latency per request.
 *
 * Per scale k (tenant of 1,000·k applications, 200·k managed; see auth0-workload.ts), each run repeated:
 * a dry run with the change pending (`plan`), the change (`apply --yes`), and the converged tenant (`plan`).
 * Requests are reported against the minimum, the change's wall time against the floor its request count sets, and
 * each write's read window (auth0-child.ts).
 *
 * Run: `npx tsc -p . && node dist/bench/auth0.js [--scales 1,4,16] [--runs 3] [--cli PATH] [--deploy-cli FOLDER]`;
 * `--cli` runs another entry point with the CLI's arguments (bench/support/auth0-object-reads.ts: one GET per
 * application instead); `--deploy-cli` also runs auth0-deploy-cli on the 1× tenant (bench/auth0-deploy-cli.ts).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Auth0Stats } from "./auth0-child.js";
import { deployCli } from "./auth0-deploy-cli.js";
import { cliEnv, desiredFile, LATENCY_MS, minimumRequests, RATE, sizes, tenant } from "./auth0-workload.js";
import { forkEmulator } from "./support/child.js";
import { CLI, type CliRun, expectExit, runCli } from "./support/cli.js";
import { bucketFloorMs, loadAverage, range, seconds } from "./support/figures.js";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const scales = arg("--scales", "1").split(",").map(Number);
const runs = Number(arg("--runs", "3"));
const script = arg("--cli", CLI);
const deployCliFolder = arg("--deploy-cli", "");

interface Sample {
  run: CliRun;
  stats: Auth0Stats;
}

const child = await forkEmulator(fileURLToPath(new URL("./auth0-child.js", import.meta.url)));

/** One run on a fresh bucket and a fresh request log. */
async function measure(what: string, start: () => Promise<CliRun>): Promise<Sample> {
  await child.ask("rateLimit", RATE);
  await child.ask("reset");
  const run = expectExit(await start(), 0, what);
  return { run, stats: await child.ask<Auth0Stats>("stats") };
}

const regionsync = (...args: string[]) =>
  measure(`regionsync ${args.join(" ")}`, () => runCli(args, cliEnv(child.url), script));

function row(label: string, samples: Sample[], minimum: number, floor: boolean): string {
  const s = samples.map((x) => x.stats);
  const requests = range(s.map((x) => x.requests));
  const detail = `${range(s.map((x) => x.token))} token + ${range(s.map((x) => x.lists))} list + ${range(s.map((x) => x.gets))} GET + ${range(s.map((x) => x.patches))} PATCH`;
  const walls = samples.map((x) => x.run.wallMs);
  const floors = s.map((x) => bucketFloorMs(x.requests, RATE, LATENCY_MS));
  // From the first request's arrival to the last answer: the part of the wall time the rate limit governs.
  const spans = s.map((x) => x.last + LATENCY_MS - x.first);
  const ratio = floor
    ? ` (${range(
        walls.map((w, i) => w / floors[i]!),
        2,
      )}× the floor of ${seconds(floors)}; API span ${seconds(spans)}, ${range(
        spans.map((w, i) => w / floors[i]!),
        2,
      )}×)`
    : "";
  const startup = range(samples.map((x) => x.stats.first - x.run.startedAt));
  const windows = floor ? `${range(s.map((x) => x.windows.median))} / ${range(s.map((x) => x.windows.max))} ms` : "-";
  return `| ${label} | ${requests} (${detail}; minimum ${minimum}) | ${seconds(walls)}${ratio} | ${range(samples.map((x) => x.run.rssMb))} MB | ${startup} ms | ${range(s.map((x) => x.limited))} | ${windows} |`;
}

const lines = [
  `regionsync CLI (${script === CLI ? "dist/src/cli/bin.js" : script}), ${runs} runs each, ${LATENCY_MS} ms latency, ${RATE.perSecond} rps burst ${RATE.burst}; ${await loadAverage()} at start`,
  "",
  "| run | requests | wall | peak RSS | first request after spawn | 429s | read window (median / max) |",
  "|---|---|---|---|---|---|---|",
];
try {
  for (const scale of scales) {
    const { tenant: size, managed } = sizes(scale);
    const dir = mkdtempSync(join(tmpdir(), "auth0-bench-"));
    const file = join(dir, "desired-state.yaml");
    writeFileSync(file, desiredFile(child.url, scale));
    const seed = tenant(scale);
    const dry: Sample[] = [];
    const change: Sample[] = [];
    const converged: Sample[] = [];
    for (let i = 0; i < runs; i++) {
      await child.ask("seed", seed);
      dry.push(await regionsync("plan", "-f", file));
      change.push(await regionsync("apply", "--yes", "-f", file));
      converged.push(await regionsync("plan", "-f", file));
    }
    const pages = Math.ceil(size / 100);
    const at = `${size.toLocaleString("en-US")} apps, ${managed.toLocaleString("en-US")} managed`;
    lines.push(row(`${at}: dry run, change pending`, dry, 1 + pages, false));
    lines.push(row(`${at}: change`, change, minimumRequests(scale), true));
    lines.push(row(`${at}: converged plan`, converged, 1 + pages, false));
  }
  if (deployCliFolder) {
    const run = deployCli(deployCliFolder, child.url);
    const samples = { dry: [] as Sample[], change: [] as Sample[], again: [] as Sample[] };
    for (let i = 0; i < runs; i++) {
      await child.ask("seed", tenant(1));
      samples.dry.push(await measure("auth0-deploy-cli --dry-run", () => run(true)));
      samples.change.push(await measure("auth0-deploy-cli import", () => run(false)));
      samples.again.push(await measure("auth0-deploy-cli import", () => run(false)));
    }
    lines.push(row("auth0-deploy-cli 8.44, 1×: dry run", samples.dry, 1 + 10, false));
    lines.push(row("auth0-deploy-cli 8.44, 1×: change", samples.change, minimumRequests(1), true));
    lines.push(row("auth0-deploy-cli 8.44, 1×: converged (imports again)", samples.again, 1 + 10, false));
  }
} finally {
  child.close();
}
lines.push("", `${await loadAverage()} at the end`);
console.log(lines.join("\n"));
