import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";

const index = new URL("../../src/providers/datadog/index.js", import.meta.url).href;

/** In a fresh process: how many of the SDK's modules are loaded after importing the provider and after `connect`. */
const probe = `
import { createRequire } from "node:module";
const cache = createRequire(import.meta.url).cache;
const sdkModules = (part = "/@datadog/") => Object.keys(cache).filter((file) => file.includes(part)).length;
const { datadogProvider } = await import(${JSON.stringify(index)});
const imported = sdkModules();
await datadogProvider.connect({
  account: { name: "a", provider: "datadog", settings: { site: "datadoghq.com", api_key_env: "A", app_key_env: "B" } },
  env: { A: "api-key", B: "app-key" },
  logger: { debug() {}, info() {}, warn() {}, error() {} },
});
console.log(JSON.stringify({ imported, connected: sdkModules(), v2: sdkModules("datadog-api-client-v2") }));
`;

describe("datadog provider module", () => {
  it("loads the SDK only when connect runs, so commands that contact no vendor never pay for it", () => {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", probe], { encoding: "utf8" });
    const { imported, connected, v2 } = JSON.parse(out) as { imported: number; connected: number; v2: number };
    assert.equal(imported, 0, "importing the provider loads none of the SDK");
    assert.ok(connected > 0, "connect loads it");
    assert.equal(v2, 0, "the v2 half waits until notification rules or Opsgenie services are read");
  });
});
