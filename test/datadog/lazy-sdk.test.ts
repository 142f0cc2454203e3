import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

const recorder = new URL("../support/record-imports.js", import.meta.url).href;
const index = new URL("../../src/providers/datadog/index.js", import.meta.url).href;

/** Imports the provider, marks the log, then connects: what is resolved before the mark, the import loaded. */
const probe = `
import { appendFileSync } from "node:fs";
const { datadogProvider } = await import(${JSON.stringify(index)});
appendFileSync(process.env.REGIONSYNC_IMPORT_LOG, "connect\\n");
await datadogProvider.connect({
  account: { name: "a", provider: "datadog", settings: { site: "datadoghq.com", api_key_env: "A", app_key_env: "B" } },
  env: { A: "api-key", B: "app-key" },
  logger: { debug() {}, info() {}, warn() {}, error() {} },
  secrets: { add() {} },
  requestTimeoutMs: 30000,
});
`;

describe("datadog provider module", () => {
  it("loads the SDK only when connect runs, so commands that contact no vendor never pay for it", () => {
    const log = join(mkdtempSync(join(tmpdir(), "regionsync-imports-")), "imports.log");
    execFileSync(process.execPath, ["--import", recorder, "--input-type=module", "-e", probe], {
      env: { ...process.env, REGIONSYNC_IMPORT_LOG: log },
    });
    const [imported = "", connected = ""] = readFileSync(log, "utf8").split("connect\n");
    assert.match(imported, /providers\/datadog\/monitors\.js/, "the log records the provider's own modules");
    assert.doesNotMatch(imported, /@datadog\//, "importing the provider loads none of the SDK");
    assert.match(connected, /@datadog\/datadog-api-client/, "connect loads it");
    assert.doesNotMatch(connected, /datadog-api-client-v2/, "v2 waits until notification rules or Opsgenie are read");
  });
});
