/**
 * The terminal, as a person sees it (a pseudo-terminal): the plan and a failing validate, compared with snapshots
 * (`UPDATE_SNAPSHOTS=1` rewrites them); log lines as text above the progress line, each error once.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { copyFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { freePort, rootFile, tempDir } from "./helpers.js";
import { runOnPty } from "./pty.js";

const snapshots = new URL("../../../test/cli/snapshots/", import.meta.url).pathname;

/** What changes from run to run or release to release: durations, loopback ports, versions. */
function mask(line: string): string {
  return line
    .replace(/\b\d+(\.\d+)?\s?(ms|s)\b/g, "<duration>")
    .replace(/(127\.0\.0\.1|localhost):\d+/g, "$1:<port>")
    .replace(/(?<![\d.])v?\d+\.\d+\.\d+(-[\w.]+)?(?![\d.]*\d)/g, "<version>");
}

function matchesSnapshot(name: string, screen: string[]): void {
  const file = join(snapshots, name);
  const text = `${screen.map(mask).join("\n")}\n`;
  if (process.env.UPDATE_SNAPSHOTS === "1") writeFileSync(file, text);
  assert.ok(existsSync(file), `no snapshot ${name} yet: run with UPDATE_SNAPSHOTS=1`);
  assert.equal(text, readFileSync(file, "utf8"), `${name} differs (UPDATE_SNAPSHOTS=1 rewrites it)`);
}

/** The README's example as it once was: two errors, a region and an account it never declared. */
const invalid = `version: 1
regions:
  eu:
    hosts: [eu.example.com]
    cloud_region: eu-west-1
    accounts: { auth0: auth0-eu, datadog: datadog-eu }
accounts:
  auth0-eu:
    provider: auth0
    domain: example-eu.eu.auth0.com
    client_id_env: AUTH0_EU_CLIENT_ID
    client_secret_env: AUTH0_EU_CLIENT_SECRET
resources:
  auth0:
    applications:
      - name: Storefront
        regions: [us, eu]
        callbacks: ["https://\${region.host}/callback"]
`;

describe("on a terminal", () => {
  it("snapshots hide what differs between runs: durations, loopback ports, versions", () => {
    assert.equal(
      mask("regionsync 1.4.0-rc.1: planned in 2.35s (observe 812 ms) against http://127.0.0.1:41234"),
      "regionsync <version>: planned in <duration> (observe <duration>) against http://127.0.0.1:<port>",
    );
    assert.equal(mask("sum(last_5m) > 50, region:eu-west-1"), "sum(last_5m) > 50, region:eu-west-1");
  });

  it("plan: the coverage matrix fitted to 80 columns, the changes and the summary, in colour", async () => {
    const dir = await tempDir();
    await copyFile(rootFile, join(dir, "desired-state.yaml"));
    const result = runOnPty(["plan", "--sandbox", "--log-level", "error"], { cwd: dir, columns: 80 });
    assert.equal(result.code, 0, result.raw);
    const matrix = result.screen.slice(0, result.screen.indexOf(""));
    assert.ok(matrix.length > 10, result.screen.join("\n"));
    for (const line of matrix) assert.ok(line.length <= 80, `wider than the terminal: ${line}`);
    assert.ok(result.raw.includes("\u001b[32m"), "colour on a terminal");
    matchesSnapshot("plan.txt", result.screen);
  });

  it("a failing validate: each error once, with its place, and a count", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "desired-state.yaml"), invalid);
    const result = runOnPty(["validate"], { cwd: dir });
    assert.equal(result.code, 1);
    matchesSnapshot("validate-errors.txt", result.screen);
  });

  it("logs warnings as text above the progress line and reports a failed account once", async () => {
    const dir = await tempDir();
    const port = await freePort();
    const text = readFileSync(rootFile, "utf8").replace(
      "  datadog-eu:\n    provider: datadog\n",
      `  datadog-eu:\n    provider: datadog\n    endpoint: http://127.0.0.1:${port}\n`,
    );
    assert.match(text, /endpoint: http:\/\/127/);
    await writeFile(join(dir, "desired-state.yaml"), text);
    const env = {
      DD_EU_API_KEY: "k",
      DD_EU_APP_KEY: "a",
      REGIONSYNC_ALLOWED_ENDPOINTS: `http://127.0.0.1:${port}`,
    };
    const result = runOnPty(["plan", "--only", "datadog", "--region", "eu"], { cwd: dir, env });
    assert.equal(result.code, 1, result.raw);
    const failed = result.screen.filter((l) => l.includes("datadog account 'datadog-eu': observe failed"));
    assert.equal(failed.length, 1, result.screen.join("\n"));
    assert.match(failed[0]!, /ECONNREFUSED/);
    const warnings = result.screen.filter((l) => l.startsWith("warning: datadog request retried"));
    assert.ok(warnings.length > 0, result.screen.join("\n"));
    for (const line of result.screen) {
      assert.doesNotMatch(line, /^\{"time"/, "no JSON log on a terminal");
      assert.doesNotMatch(line, /Observing.*warning|warning.*Observing/, "a log line inside the progress line");
    }
    const json = runOnPty(["plan", "--only", "datadog", "--region", "eu", "--log-format", "json"], { cwd: dir, env });
    assert.ok(
      json.screen.some((l) => /^\{"time":.*"msg":"datadog request retried"/.test(l)),
      json.screen.join("\n"),
    );
  });
});
