/** The operator's request timeout comes from the environment of the run, reaches every vendor session, and is checked. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Auth0Emulator } from "../../emulators/auth0/index.js";
import { startSandbox as startTenant } from "../../emulators/auth0/sandbox.js";
import { type GitHubEmulator, startGitHubEmulator } from "../../emulators/github/index.js";
import { seedSampleOrg } from "../../emulators/github/sandbox.js";
import { OPERATOR_ENV } from "../../src/core/operator-env.js";
import { canaryFile } from "./canary-file.js";
import { runCli, tempDir } from "./helpers.js";

describe("REGIONSYNC_REQUEST_TIMEOUT_MS", () => {
  const tenants: Auth0Emulator[] = [];
  let github: GitHubEmulator;
  let file: string;
  const env: Record<string, string> = {
    AUTH0_US_CLIENT_ID: "id",
    AUTH0_US_CLIENT_SECRET: "secret-us",
    AUTH0_EU_CLIENT_ID: "id",
    AUTH0_EU_CLIENT_SECRET: "secret-eu",
    REGIONSYNC_GITHUB_TOKEN: "ghp_token",
  };

  before(async () => {
    for (const name of ["auth0-us", "auth0-eu"]) tenants.push(await startTenant({ name }));
    github = await startGitHubEmulator({ org: await seedSampleOrg() });
    file = await canaryFile(await tempDir(), {
      "auth0-us": tenants[0]!.url,
      "auth0-eu": tenants[1]!.url,
      github: github.url,
    });
    env[OPERATOR_ENV.allowedEndpoints] = [...tenants.map((t) => t.url), github.url].join(",");
  });
  after(async () => {
    await Promise.all([...tenants, github].map((e) => e.close()));
  });

  it("cuts a request that hangs at the operator's timeout, and the retry goes through", async () => {
    // A hang far longer than any run: only the operator's timeout can end it in time.
    tenants[0]!.injectFaults(
      [{ kind: "delay", ms: 120_000 }],
      (r) => r.method === "GET" && r.path === "/api/v2/clients",
    );
    const started = Date.now();
    const result = await runCli(["plan", "-f", file, "--only", "auth0"], {
      env: { ...env, REGIONSYNC_REQUEST_TIMEOUT_MS: "300" },
    });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.ok(Date.now() - started < 60_000, `took ${Date.now() - started} ms: the hang was waited out`);
    assert.match(result.stderr, /auth0 request retried/);
  });

  it("refuses a value it cannot use before reading anything, naming the variable", async () => {
    tenants[0]!.resetLog();
    for (const value of ["soon", "0", "5000000"]) {
      const result = await runCli(["plan", "-f", file], { env: { ...env, REGIONSYNC_REQUEST_TIMEOUT_MS: value } });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /REGIONSYNC_REQUEST_TIMEOUT_MS must be a whole number of milliseconds/);
    }
    assert.equal(tenants[0]!.requests.length, 0);
  });
});
