/**
 * auth0-deploy-cli on the Auth0 benchmark's workload, for comparison (issue 3), run by bench/auth0.ts against the same
 * emulated tenant under the same limit when given `--deploy-cli FOLDER`. Not a dependency: install it into a
 * temporary folder first, e.g.
 *   mkdir /tmp/a0dc && (cd /tmp/a0dc && npm init -y && npm install auth0-deploy-cli@8.44)
 * It sends every request through the global `fetch`, so a `--import` preload that sends `https://TENANT/*` to the
 * emulator points it there without changing its code. Its input repeats the URL added by hand: it replaces lists
 * whole, so leaving it out would delete it.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { DOMAIN, host, sizes } from "./auth0-workload.js";
import { type CliRun, runCli } from "./support/cli.js";

function tenantYaml(scale: number): string {
  const clients = Array.from({ length: sizes(scale).managed }, (_, i) => ({
    name: `App ${String(i).padStart(5, "0")}`,
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

/** Writes deploy-cli's config, input and preload for the tenant at `url`; returns a function running one import. */
export function deployCli(folder: string, url: string, scale = 1): (dryRun: boolean) => Promise<CliRun> {
  const dir = mkdtempSync(join(tmpdir(), "a0dc-bench-"));
  writeFileSync(
    join(dir, "redirect.mjs"),
    `const real = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const raw = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const url = raw.replace("https://${DOMAIN}", ${JSON.stringify(url)});
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
  writeFileSync(join(dir, "tenant.yaml"), tenantYaml(scale));
  const script = join(folder, "node_modules/auth0-deploy-cli/lib/index.js");
  const args = ["import", "--config_file", join(dir, "config.json"), "--input_file", join(dir, "tenant.yaml")];
  return (dryRun) =>
    runCli([...args, ...(dryRun ? ["--dry-run"] : [])], {}, script, ["--import", join(dir, "redirect.mjs")]);
}
