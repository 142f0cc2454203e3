/**
 * The sandbox's sample company, imported from its vendors into a file that declares only its regions, accounts and
 * the egress kinds (which follow the regions' egress, so there is nothing to import for them; applied first): the file
 * plans to adoptions only, apply adopts (writing nothing but ownership records), and the next plan says
 * No changes. Importing twice gives the same bytes.
 */
import assert from "node:assert/strict";
import { copyFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parseDocument } from "yaml";
import type { Auth0Emulator } from "../../emulators/auth0/index.js";
import { startSandbox as startAuth0 } from "../../emulators/auth0/sandbox.js";
import { type DatadogEmulator, startDatadogEmulator } from "../../emulators/datadog/index.js";
import { seedSampleOrg as seedDatadog } from "../../emulators/datadog/sandbox.js";
import { type GitHubEmulator, startGitHubEmulator } from "../../emulators/github/index.js";
import { seedSampleOrg as seedGitHub } from "../../emulators/github/sandbox.js";
import { rootFile, tempDir } from "../cli/helpers.js";
import {
  auth0OwnershipOnly,
  auth0State,
  cliFor,
  datadogOwnershipOnly,
  datadogState,
  fileWith,
  githubOwnershipOnly,
  githubState,
} from "./support.js";

/** Kinds declared once for every region's egress: kept in the file, since import has nothing to write for them. */
const FOLLOW_REGIONS = new Set(["ip_allow_list", "ip_ranges", "ip_allowlist"]);

/** The values the vendors hold, as the seeds wrote them: what an operator puts in the variables import names. */
const values = {
  PAGERDUTY_KEY_Platform_us: "seeded-by-hand",
  DEPLOY_TOKEN_production_us: "sandbox-deploy-token-us",
  WEBHOOK_SECRET_deploy_events_us: "sandbox-webhook-secret",
  WEBHOOK_SECRET_ci_example_com_github_webhook: "hand-made",
};
const credentials = {
  AUTH0_US_CLIENT_ID: "auth0-us-client-0001",
  AUTH0_US_CLIENT_SECRET: "auth0-us-secret-0001",
  AUTH0_EU_CLIENT_ID: "auth0-eu-client-0001",
  AUTH0_EU_CLIENT_SECRET: "auth0-eu-secret-0001",
  DD_US_API_KEY: "us-api-key-0001",
  DD_US_APP_KEY: "us-app-key-0001",
  DD_EU_API_KEY: "eu-api-key-0001",
  DD_EU_APP_KEY: "eu-app-key-0001",
  REGIONSYNC_GITHUB_TOKEN: "ghp_sandbox",
};

describe("import of the sandbox's vendors", () => {
  let auth0: Record<string, Auth0Emulator>;
  let datadog: Record<string, DatadogEmulator>;
  let github: GitHubEmulator;
  let file: string;
  let env: NodeJS.ProcessEnv;
  const states = () => ({
    auth0: Object.values(auth0).map(auth0State),
    datadog: Object.values(datadog).map((d) => datadogState(d.org)),
    github: githubState(github.org),
  });
  const writes = () => ({
    auth0: Object.values(auth0).flatMap((e) => e.writes()),
    datadog: Object.values(datadog).flatMap((e) => e.server.writes()),
    github: github.server.writes(),
  });
  const resetLogs = () => {
    for (const e of Object.values(auth0)) e.resetLog();
    for (const e of Object.values(datadog)) e.server.resetLog();
    github.server.resetLog();
  };

  before(async () => {
    auth0 = { "auth0-us": await startAuth0({ name: "auth0-us" }), "auth0-eu": await startAuth0({ name: "auth0-eu" }) };
    datadog = {
      "datadog-us": await startDatadogEmulator({ org: seedDatadog("datadog-us") }),
      "datadog-eu": await startDatadogEmulator({ org: seedDatadog("datadog-eu") }),
    };
    github = await startGitHubEmulator({ org: await seedGitHub() });
    const doc = parseDocument(await readFile(rootFile, "utf8"));
    for (const [provider, kinds] of Object.entries(doc.toJS().resources as Record<string, object>)) {
      for (const key of Object.keys(kinds)) if (!FOLLOW_REGIONS.has(key)) doc.deleteIn(["resources", provider, key]);
    }
    const urls = { ...auth0, ...datadog, github };
    for (const [account, emu] of Object.entries(urls)) doc.setIn(["accounts", account, "endpoint"], emu.url);
    ({ file, env } = await fileWith(
      doc.toString(),
      Object.values(urls).map((e) => e.url),
      { ...credentials, ...values },
    ));
    // The sandbox leaves the EU egress to be opened by the demo: converged first, so what remains is what import finds.
    const converged = await cliFor(file, env).apply();
    assert.equal(converged.code, 0, converged.stdout + converged.stderr);
  });
  after(async () => {
    await Promise.all([...Object.values(auth0), ...Object.values(datadog), github].map((e) => e.close()));
  });

  it("imports with reads only, the same bytes every time, and nothing twice", async () => {
    const copy = join(await tempDir(), "desired-state.yaml");
    await copyFile(file, copy);
    resetLogs();
    const first = await cliFor(file, env).import("--within", "example-corp/platform");
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(writes(), { auth0: [], datadog: [], github: [] }, "import never writes to a vendor");
    assert.match(first.stdout, /Templates over several regions \(2\):/);
    assert.match(first.stdout, /left out, on no region's host: callbacks http:\/\/localhost:3000\/callback/);
    const again = await cliFor(copy, env).import("--within", "example-corp/platform");
    assert.equal(again.stdout.replace(copy, file), first.stdout);
    assert.equal(await readFile(copy, "utf8"), await cliFor(file, env).text(), "same vendor state, same bytes");
    const text = await cliFor(file, env).text();
    const twice = await cliFor(file, env).import("--within", "example-corp/platform");
    assert.equal(twice.code, 0, twice.stderr);
    assert.match(twice.stdout, /^Imported 0 declarations/);
    assert.equal(await cliFor(file, env).text(), text, "what is declared is not imported again");
  });

  it("plans adoptions only, visible as such in every format, and counted by --detailed-exitcode", async () => {
    const cli = cliFor(file, env);
    const json = JSON.parse((await cli.plan("--json")).stdout);
    assert.equal(json.format_version, "1.3");
    assert.deepEqual([...new Set(json.changes.map((c: { action: string }) => c.action))], ["adopt"]);
    assert.equal(json.summary.adopt, json.changes.length);
    assert.deepEqual(
      json.diagnostics.filter((d: { severity: string }) => d.severity === "error"),
      [],
    );
    assert.equal((await cli.plan("--detailed-exitcode")).code, 2);
    const terminal = (await cli.plan()).stdout;
    assert.match(
      terminal,
      new RegExp(`^Plan: ${json.changes.length} to adopt, 0 to create, 0 to update, 0 to delete`, "m"),
    );
    assert.match(terminal, /= datadog monitor "\[eu\] Nightly export did not run" \(eu\) will be adopted/);
    assert.match((await cli.plan("--markdown")).stdout, /#### 🔗 Made by hand, adopted by regionsync/);
  });

  it("adopts by writing ownership records only, then plans No changes", async () => {
    const cli = cliFor(file, env);
    const before = states();
    resetLogs();
    const applied = await cli.apply();
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    const sent = writes();
    assert.ok(sent.auth0.length > 0 && sent.datadog.length > 0 && sent.github.length > 0, "each vendor adopted");
    assert.deepEqual(auth0OwnershipOnly(sent.auth0), []);
    assert.deepEqual(datadogOwnershipOnly(sent.datadog), []);
    assert.deepEqual(githubOwnershipOnly(sent.github), []);
    assert.deepEqual(states(), before, "nothing but ownership records changed");
    const again = await cli.plan("--detailed-exitcode");
    assert.equal(again.code, 0, again.stdout);
    assert.match(again.stdout, /No changes\./);
  });
});
