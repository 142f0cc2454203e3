/**
 * auth0-deploy-cli on the Auth0 benchmark's workload, for comparison (issue 3). Not a dependency: install it into a
 * temporary folder and pass the folder, e.g.
 *   mkdir /tmp/a0dc && (cd /tmp/a0dc && npm init -y && npm install auth0-deploy-cli@8.44)
 *   npx tsc -p . && node dist/bench/auth0-deploy-cli.js /tmp/a0dc
 * It sends every request through the global `fetch`, so a `--import` preload that sends `https://TENANT/*` to the
 * emulator points it there without changing its code. Peak memory comes from GNU time (`/usr/bin/time -f %M`).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { startAuth0Emulator } from "../emulators/auth0/index.js";

const LATENCY_MS = 40;
const RATE = { perSecond: 15, burst: 50 };
const DOMAIN = "bench.auth0.test";
const pad = (i: number) => String(i).padStart(3, "0");
const host = (i: number, region: string) => `app${pad(i)}.${region}.example.com`;

/** The same tenant as bench/auth0.ts: 200 managed applications live in us, 800 others. */
function seed() {
  const managed = Array.from({ length: 200 }, (_, i) => ({
    name: `App ${pad(i)}`,
    callbacks: [`https://${host(i, "us")}/callback`, "http://localhost:3000/callback"],
    allowed_logout_urls: [`https://${host(i, "us")}/logout`],
    web_origins: [`https://${host(i, "us")}`],
    client_metadata: { team: `team-${i % 20}` },
  }));
  const others = Array.from({ length: 800 }, (_, i) => ({
    name: `Other ${pad(i)}`,
    callbacks: [`https://other${pad(i)}.example.com/callback`],
    web_origins: [`https://other${pad(i)}.example.com`],
  }));
  return [...managed, ...others];
}

/** deploy-cli replaces lists whole, so its file must repeat the hand-added URL to keep it. */
function tenantYaml(): string {
  const clients = Array.from({ length: 200 }, (_, i) => ({
    name: `App ${pad(i)}`,
    callbacks: [
      `https://${host(i, "us")}/callback`,
      "http://localhost:3000/callback",
      `https://${host(i, "eu")}/callback`,
    ],
    allowed_logout_urls: [`https://${host(i, "us")}/logout`, `https://${host(i, "eu")}/logout`],
    web_origins: [`https://${host(i, "us")}`, `https://${host(i, "eu")}`],
    client_metadata: { team: `team-${i % 20}` },
  }));
  return stringify({ clients });
}

function runDeployCli(folder: string, dir: string, url: string, dryRun: boolean) {
  const args = [
    "-f",
    "%M %e",
    process.execPath,
    "--import",
    join(dir, "redirect.mjs"),
    join(folder, "node_modules/auth0-deploy-cli/lib/index.js"),
    "import",
    "--config_file",
    join(dir, "config.json"),
    "--input_file",
    join(dir, "tenant.yaml"),
    ...(dryRun ? ["--dry-run"] : []),
  ];
  return new Promise<{ peakMb: number; wallS: number; ok: boolean; output: string }>((resolve) => {
    const child = spawn("/usr/bin/time", args, { env: { ...process.env, A0_EMULATOR: url } });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => {
      const last = output.trim().split("\n").at(-1) ?? "";
      const [kb, wall] = last.split(" ").map(Number);
      resolve({ peakMb: Math.round((kb ?? 0) / 1024), wallS: wall ?? 0, ok: code === 0, output });
    });
  });
}

async function main(): Promise<void> {
  const folder = process.argv[2];
  if (!folder)
    throw new Error("usage: node dist/bench/auth0-deploy-cli.js <folder where auth0-deploy-cli is installed>");
  const dir = mkdtempSync(join(tmpdir(), "a0dc-bench-"));
  writeFileSync(
    join(dir, "redirect.mjs"),
    `const real = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const raw = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const url = raw.replace("https://${DOMAIN}", process.env.A0_EMULATOR);
  return real(input instanceof Request ? new Request(url, input) : url, init);
};
`,
  );
  writeFileSync(
    join(dir, "config.json"),
    JSON.stringify({
      AUTH0_DOMAIN: DOMAIN,
      AUTH0_CLIENT_ID: "bench-client",
      AUTH0_CLIENT_SECRET: "bench-secret",
      AUTH0_INCLUDED_ONLY: ["clients"],
      AUTH0_ALLOW_DELETE: false,
    }),
  );
  writeFileSync(join(dir, "tenant.yaml"), tenantYaml());

  const emu = await startAuth0Emulator({ domain: DOMAIN, latencyMs: LATENCY_MS, clients: seed() });
  const lines = ["| run | requests | wall | peak RSS | 429s |", "|---|---|---|---|---|"];
  try {
    for (const [label, dryRun] of [
      ["dry run, change pending", true],
      ["change", false],
      ["converged", false],
    ] as const) {
      emu.resetLog();
      emu.setRateLimit(RATE);
      const result = await runDeployCli(folder, dir, emu.url, dryRun);
      if (!result.ok) console.error(result.output.slice(-3000));
      const r = emu.requests;
      const kinds = new Map<string, number>();
      for (const x of r) {
        const key = `${x.method} ${x.path.replace(/clients\/[^/]+$/, "clients/{id}")} → ${x.status}`;
        kinds.set(key, (kinds.get(key) ?? 0) + 1);
      }
      const detail = [...kinds].map(([k, n]) => `${n} ${k}`).join(", ");
      lines.push(
        `| ${label}${result.ok ? "" : " (failed)"} | ${r.length} (${detail}) | ${result.wallS.toFixed(1)} s | ${result.peakMb} MB | ${r.filter((x) => x.status === 429).length} |`,
      );
    }
  } finally {
    await emu.close();
  }
  console.log(
    `auth0-deploy-cli against the Auth0 benchmark tenant (1,000 applications, 200 managed), ${LATENCY_MS} ms latency, ${RATE.perSecond} rps burst ${RATE.burst}:\n`,
  );
  console.log(lines.join("\n"));
}

await main();
