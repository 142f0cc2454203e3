import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { it } from "node:test";

/** A resolve hook that refuses the SDK, so any module that loads it at import time fails to load. */
const refuseSdk = `data:text/javascript,${encodeURIComponent(
  `import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent(
  'export async function resolve(s, c, next) { if (/^(@octokit\\\\/|libsodium)/.test(s)) throw new Error("SDK resolved: " + s); return next(s, c); }'
));`,
)}`;

function importWithoutSdk(module: string) {
  const url = new URL(`../../src/providers/github/${module}`, import.meta.url).href;
  return spawnSync(
    process.execPath,
    ["--import", refuseSdk, "--input-type=module", "-e", `await import(${JSON.stringify(url)});`],
    { encoding: "utf8" },
  );
}

it("loads the provider (kinds, schemas, validate) without the SDK, which connect imports", () => {
  const provider = importWithoutSdk("index.js");
  assert.equal(provider.status, 0, provider.stderr);
  const session = importWithoutSdk("session.js");
  assert.notEqual(session.status, 0, "the hook refuses the SDK");
  assert.match(session.stderr, /SDK resolved: @octokit\//);
});
