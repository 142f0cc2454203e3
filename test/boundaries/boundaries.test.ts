/**
 * The boundary rules (.dependency-cruiser.cjs) refuse what they promise to refuse: a fixture tree holds one file that
 * breaks each rule, and the linter must name every rule; the real tree must pass.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const config = join(root, ".dependency-cruiser.cjs");
const depcruise = join(root, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");

/** Each rule, and files that break it (path → source); an empty source is a plain target module. */
const violations: Record<string, Record<string, string>> = {
  "sdk-only-in-its-provider-auth0": { "src/core/a.ts": 'import "auth0";\n' },
  "sdk-only-in-its-provider-github": { "src/reconciler/a.ts": 'import "@octokit/rest";\n' },
  "sdk-only-in-its-provider-datadog": { "src/providers/auth0/a.ts": 'import "@datadog/datadog-api-client";\n' },
  "layer-core": { "src/core/b.ts": 'import "../report/t.js";\n', "src/report/t.ts": "" },
  "layer-config": { "src/config/a.ts": 'import "../report/t.js";\n' },
  "layer-reconciler": {
    "src/reconciler/b.ts": 'import "../providers/registry.js";\n',
    "src/providers/registry.ts": "",
  },
  "layer-report": { "src/report/a.ts": 'import "../config/t.js";\n', "src/config/t.ts": "" },
  "layer-observability": { "src/observability/a.ts": 'import "../cli/t.js";\n', "src/cli/t.ts": "" },
  "layer-scheduler": { "src/scheduler/a.ts": 'import "../sandbox/t.js";\n', "src/sandbox/t.ts": "" },
  "layer-sandbox": { "src/sandbox/a.ts": 'import "../config/t.js";\n' },
  "layer-importer": { "src/importer/a.ts": 'import "../report/t.js";\n' },
  "provider-imports-core-only": {
    "src/providers/github/a.ts": 'import "../auth0/t.js";\n',
    "src/providers/auth0/t.ts": "",
  },
  "emulators-import-nothing-from-src": { "emulators/a.ts": 'import "../src/core/t.js";\n', "src/core/t.ts": "" },
  "src-imports-no-tests": { "src/cli/a.ts": 'import "../../test/t.js";\n', "test/t.ts": "" },
  "no-circular": { "src/cli/b.ts": 'import "./c.js";\n', "src/cli/c.ts": 'import "./b.js";\n' },
};

function cruise(cwd: string, paths: string[]) {
  const run = spawnSync(process.execPath, [depcruise, ...paths, "--config", config, "--output-type", "err"], {
    cwd,
    encoding: "utf8",
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("import boundaries", () => {
  it("refuse a file that breaks each rule, naming the rule", async () => {
    const dir = await mkdtemp(join(tmpdir(), "regionsync-boundaries-"));
    await symlink(join(root, "node_modules"), join(dir, "node_modules"));
    await writeFile(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "NodeNext" } }));
    for (const files of Object.values(violations)) {
      for (const [path, source] of Object.entries(files)) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), source || "export {};\n");
      }
    }
    const { status, output } = cruise(dir, ["src", "emulators"]);
    assert.notEqual(status, 0, output);
    for (const rule of Object.keys(violations)) assert.match(output, new RegExp(`error ${rule}:`), rule);
  });

  it("hold for the project itself", () => {
    const { status, output } = cruise(root, ["src", "emulators"]);
    assert.equal(status, 0, output);
  });
});
