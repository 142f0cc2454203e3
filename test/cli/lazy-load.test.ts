/**
 * Commands load only what they need: `--version`, `--help` and `validate` contact no vendor, so they load no vendor
 * SDK and none of the emulators' dependencies. Checked on the real CLI in a child process, by recording every module
 * it resolves.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { rootFile } from "./helpers.js";

const bin = fileURLToPath(new URL("../../src/cli/bin.js", import.meta.url));
const recorder = fileURLToPath(new URL("../support/record-imports.js", import.meta.url));
const heavy = /\/node_modules\/(auth0|@octokit|@datadog|libsodium[^/]*|ajv|ajv-formats|openapi-backend|cron)\//;

async function loadedBy(args: string[]): Promise<string[]> {
  const log = join(await mkdtemp(join(tmpdir(), "regionsync-imports-")), "imports.log");
  const run = spawnSync(process.execPath, ["--import", recorder, bin, ...args], {
    env: { ...process.env, REGIONSYNC_IMPORT_LOG: log },
    encoding: "utf8",
  });
  assert.equal(run.status, 0, run.stderr);
  return (await readFile(log, "utf8")).split("\n").filter(Boolean);
}

describe("lazy loading", () => {
  for (const args of [["--version"], ["--help"], ["plan", "--help"], ["validate", "-f", rootFile]]) {
    it(`regionsync ${args.join(" ")} loads no vendor SDK`, async () => {
      const loaded = await loadedBy(args);
      assert.ok(
        loaded.some((url) => url.endsWith("/cli/bin.js")),
        "the recorder saw the CLI start",
      );
      assert.deepEqual(
        loaded.filter((url) => heavy.test(url)),
        [],
      );
    });
  }

  it("regionsync --version loads none of the commands", async () => {
    const loaded = await loadedBy(["--version"]);
    assert.deepEqual(
      loaded.filter(
        (url) =>
          /\/src\/(cli\/commands|config|providers|reconciler)\//.test(url) || /node_modules\/(zod|yaml)\//.test(url),
      ),
      [],
    );
  });
});
