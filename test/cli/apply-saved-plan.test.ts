/**
 * `apply PLAN` reads the desired-state file the plan was made from (recorded relative to the plan file), checks its
 * digest before contacting any vendor, and names it; `-f` overrides it.
 */
import assert from "node:assert/strict";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { rootFile, runCli, sandboxFor, tempDir, tripwires } from "./helpers.js";

describe("apply PLAN and the desired-state file it was made from", () => {
  let ctx: Awaited<ReturnType<typeof sandboxFor>>;
  let project: string;
  let elsewhere: string;
  const cwd = process.cwd();
  const plans: Record<string, string> = {};

  before(async () => {
    ctx = await sandboxFor(rootFile);
    project = dirname(ctx.file);
    elsewhere = await tempDir();
    process.chdir(project);
    await mkdir("plans");
    for (const [name, only] of [
      ["auth0", "auth0"],
      ["github", "github"],
      ["github-again", "github"],
    ] as const) {
      const saved = await runCli(["plan", "--only", only, "--out", `plans/${name}.json`], { env: ctx.env });
      assert.equal(saved.code, 0, saved.stderr);
      plans[name] = join(project, "plans", `${name}.json`);
    }
    process.chdir(elsewhere);
  });
  after(async () => {
    process.chdir(cwd);
    await ctx.sandbox.close().catch(() => {});
  });

  it("records the file relative to the plan file, and applies it from another directory without -f", async () => {
    const recorded = JSON.parse(await readFile(plans.auth0!, "utf8")).desired_state.file;
    assert.equal(recorded, "../desired-state.yaml");
    const applied = await runCli(["apply", plans.auth0!, "--markdown"], { env: ctx.env });
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.match(applied.stdout, /^### regionsync apply: [1-9]\d* applied, 0 failed, 0 skipped\n/);
    assert.match(applied.stdout, /the reviewed plan `[^`]*auth0\.json` \(made from `[^`]*\/desired-state\.yaml`\)/);
    assert.match(applied.stdout, /\| ✅ \| (create|update) auth0 application \*\*/);
  });

  it("-f overrides the recorded file (an identical copy passes the digest check)", async () => {
    await writeFile("copy.yaml", await readFile(ctx.file, "utf8"));
    const applied = await runCli(["apply", plans.github!, "-f", "copy.yaml"], { env: ctx.env });
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.match(applied.stdout, /Apply complete: [1-9]\d* applied, 0 failed/);
  });

  it("refuses a changed or missing file, naming it, before any request reaches a vendor", async () => {
    await writeFile(ctx.file, `${await readFile(ctx.file, "utf8")}# edited after the plan\n`);
    await ctx.sandbox.close();
    const wire = await tripwires(Object.values(ctx.sandbox.urls));
    try {
      const changed = await runCli(["apply", plans["github-again"]!, "--markdown"], { env: ctx.env });
      assert.equal(changed.code, 1);
      assert.match(
        changed.stderr,
        /^error: the saved plan \S*github-again\.json \(made from \S*\/desired-state\.yaml\) cannot be applied; nothing was sent to any vendor:\n {2}- \S*\/desired-state\.yaml changed since the plan was made from it \(sha256 [0-9a-f]{12}… then, [0-9a-f]{12}… now\)\n/,
      );
      assert.doesNotMatch(changed.stderr, /changed by someone else/);
      assert.match(changed.stdout, /^### regionsync apply: refused, nothing was applied\n/);

      const overridden = await runCli(["apply", plans["github-again"]!, "-f", ctx.file], { env: ctx.env });
      assert.equal(overridden.code, 1);
      assert.match(overridden.stderr, /changed since the plan was made from it/);

      await rename(ctx.file, join(project, "moved.yaml"));
      const missing = await runCli(["apply", plans["github-again"]!], { env: ctx.env });
      assert.equal(missing.code, 1);
      assert.match(
        missing.stderr,
        /cannot read \S*\/desired-state\.yaml, the desired-state file the plan was made from: it does not exist \(pass it with -f if it moved\)/,
      );
      assert.equal(wire.hits(), 0, "no request reached any vendor");
    } finally {
      await wire.close();
    }
  });
});
