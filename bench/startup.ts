/**
 * Start-up benchmark (issue 9): the CLI as users run it, a child process timed from spawn to exit, its peak RSS read
 * by GNU time (`apt-get install time`), each beside bare `node -e 0` measured in the same run.
 * Run: `npx tsc -p . && node dist/bench/startup.js [runs]`.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const TIME = "/usr/bin/time";
const bin = fileURLToPath(new URL("../src/cli/bin.js", import.meta.url));
const desired = fileURLToPath(new URL("../../desired-state.yaml", import.meta.url));
const runs = Number(process.argv[2] ?? 15);

interface Sample {
  wallMs: number;
  rssMb: number;
}

/** One run: wall time from spawn to exit, and peak RSS as the kernel accounted it. */
function sample(args: string[]): Sample {
  const started = process.hrtime.bigint();
  const run = spawnSync(TIME, ["-f", "%M", process.execPath, ...args], { encoding: "utf8" });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  const rssKb = Number(run.stderr.trim().split("\n").at(-1));
  return { wallMs, rssMb: rssKb / 1024 };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

function measure(label: string, args: string[]) {
  sample(args);
  const samples = Array.from({ length: runs }, () => sample(args));
  return {
    label,
    wallMs: median(samples.map((s) => s.wallMs)),
    maxWallMs: Math.max(...samples.map((s) => s.wallMs)),
    rssMb: Math.max(...samples.map((s) => s.rssMb)),
  };
}

if (!existsSync(TIME)) throw new Error(`${TIME} is missing: apt-get install time`);
const bare = measure("node -e 0", ["-e", "0"]);
const rows = [
  bare,
  measure("regionsync --version", [bin, "--version"]),
  measure("regionsync --help", [bin, "--help"]),
  measure("regionsync validate", [bin, "validate", "-f", desired]),
];
console.log(`| command | wall, median of ${runs} (max) | × bare node | peak RSS (max) | × bare node |`);
console.log("|---|---|---|---|---|");
for (const r of rows) {
  console.log(
    `| \`${r.label}\` | ${(r.wallMs / 1000).toFixed(2)} s (${(r.maxWallMs / 1000).toFixed(2)} s) | ${(r.wallMs / bare.wallMs).toFixed(1)}× | ${r.rssMb.toFixed(0)} MB | ${(r.rssMb / bare.rssMb).toFixed(1)}× |`,
  );
}
