import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { providers } from "../../src/providers/registry.js";
import { rootFile, runCli, sandboxFor, tempDir } from "./helpers.js";

const planSchema = JSON.parse(readFileSync(new URL("../../../schema/plan.schema.json", import.meta.url), "utf8"));
const packageVersion = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")).version;

describe("regionsync CLI", () => {
  it("--version and --help with examples for every command", async () => {
    assert.equal((await runCli(["--version"])).stdout, `regionsync ${packageVersion}\n`);
    for (const command of ["validate", "plan", "apply", "run", "sandbox", "region", "schema"]) {
      const help = await runCli([command, "--help"]);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /Examples:\n {2}\$ regionsync /, command);
    }
    const unknown = await runCli(["plna"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /unknown command 'plna'/);
  });

  it("validates the example desired-state.yaml", async () => {
    const result = await runCli(["validate", "-f", rootFile]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /is valid: 2 regions/);
  });

  it("sandbox demo: plans changes for every provider, applies them, and re-plans to no changes", async () => {
    const result = await runCli(["sandbox", "demo", "-f", rootFile]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const [first, rest] = result.stdout.split("Step 2/3");
    for (const provider of providers.keys()) assert.match(first ?? "", new RegExp(`^${provider} · `, "m"), provider);
    assert.match(rest ?? "", /Apply complete: \d+ applied, 0 failed, 0 skipped\./);
    assert.match(
      result.stdout.split("Step 3/3")[1] ?? "",
      /No changes\. Every declared resource is in sync in every region\./,
    );
  });

  it("run: the scheduled job's single run applies, prints one JSON summary line and writes metrics", async () => {
    const metrics = join(await tempDir(), "regionsync.prom");
    const result = await runCli([
      "run",
      "--sandbox",
      "-f",
      rootFile,
      "--mode",
      "apply",
      "--only",
      "auth0",
      "--metrics-file",
      metrics,
    ]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const summary = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, unknown>;
    assert.equal(summary.ok, true);
    assert.equal(summary.mode, "apply");
    assert.ok((summary.applied as number) > 0);
    assert.match(await readFile(metrics, "utf8"), /^regionsync_last_success_timestamp_seconds\{mode="apply"\} \d+/m);
  });

  describe("against running emulators", () => {
    let ctx: Awaited<ReturnType<typeof sandboxFor>>;
    before(async () => {
      ctx = await sandboxFor();
    });
    after(async () => {
      await ctx.sandbox.close();
    });

    it("plan --json validates against schema/plan.schema.json; --detailed-exitcode says 2", async () => {
      const result = await runCli(["plan", "-f", ctx.file, "--json", "--detailed-exitcode"], { env: ctx.env });
      assert.equal(result.code, 2, result.stderr);
      const plan = JSON.parse(result.stdout) as {
        format_version: string;
        summary: { create: number; update: number };
        regions: string[];
      };
      const validate = new Ajv2020({ strict: false }).compile(planSchema);
      assert.ok(validate(plan), JSON.stringify(validate.errors));
      assert.equal(plan.format_version, "1.2");
      assert.ok(plan.summary.create + plan.summary.update > 0);
      assert.deepEqual(plan.regions, ["us", "eu"]);
    });

    it("plan --markdown opens with the summary and the region coverage matrix", async () => {
      const result = await runCli(["plan", "-f", ctx.file, "--markdown", "--only", "auth0"], { env: ctx.env });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^### regionsync plan\n\n\*\*Plan: \d+ to create/);
      assert.match(result.stdout, /\| Resource \| us \| eu \|/);
      assert.match(result.stdout, /<details><summary><b>auth0<\/b>/);
    });

    it("apply never prompts without a terminal: it refuses without --yes and writes nothing", async () => {
      const result = await runCli(["apply", "-f", ctx.file, "--only", "auth0"], { env: ctx.env });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /apply needs --yes when not run from a terminal/);
      const again = await runCli(["plan", "-f", ctx.file, "--only", "auth0", "--detailed-exitcode"], { env: ctx.env });
      assert.equal(again.code, 2);
    });

    it("apply asks on a terminal: anything but 'yes' cancels, 'yes' applies", async () => {
      const declined = await runCli(["apply", "-f", ctx.file, "--only", "datadog", "--region", "eu"], {
        env: ctx.env,
        tty: true,
        answer: "no",
      });
      assert.equal(declined.code, 1);
      assert.match(declined.stderr, /Apply cancelled; nothing was applied/);
      const accepted = await runCli(["apply", "-f", ctx.file, "--only", "datadog", "--region", "eu"], {
        env: ctx.env,
        tty: true,
        answer: "yes",
      });
      assert.equal(accepted.code, 0, accepted.stdout + accepted.stderr);
      assert.match(accepted.stdout, /Apply complete: \d+ applied, 0 failed/);
    });

    it("rejects an unknown --only provider or --region before contacting a vendor", async () => {
      const result = await runCli(["plan", "-f", ctx.file, "--only", "okta", "--region", "ap"], { env: ctx.env });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /--only: unknown provider 'okta'/);
      assert.match(result.stderr, /--region: unknown region 'ap' \(declared: us, eu\)/);
    });

    it("plan --markdown --comment keeps one sticky comment on the pull request, with no secret in it", async () => {
      const github = ctx.sandbox.urls.github!;
      const env = {
        ...ctx.env,
        GITHUB_API_URL: github,
        GITHUB_TOKEN: "ghs_workflowtoken0123456789abcdef",
        GITHUB_REPOSITORY: "example-corp/platform",
      };
      for (let push = 0; push < 2; push++) {
        const result = await runCli(["plan", "-f", ctx.file, "--markdown", "--comment", "--pr", "7"], { env });
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stderr, push === 0 ? /Plan comment created/ : /Plan comment (updated|unchanged)/);
      }
      const response = await fetch(`${github}/repos/example-corp/platform/issues/7/comments`, {
        headers: { authorization: `token ${env.GITHUB_TOKEN}` },
      });
      const comments = (await response.json()) as Array<{ body: string }>;
      assert.equal(comments.length, 1);
      assert.match(comments[0]!.body, /### regionsync plan/);
      for (const secret of Object.values(ctx.env))
        assert.ok(!comments[0]!.body.includes(secret!), "no secret in the comment");
    });

    it("a saved plan is applied exactly, and refused once the vendor object changed since", async () => {
      const dir = await tempDir();
      const stalePlan = join(dir, "stale.json");
      const saved = await runCli(["plan", "-f", ctx.file, "--only", "auth0", "--region", "eu", "--out", stalePlan], {
        env: ctx.env,
      });
      assert.equal(saved.code, 0, saved.stderr);

      // A person (or another tool) changes one of the applications the saved plan is about.
      const edited = join(dir, "edited.yaml");
      const text = await readFile(ctx.file, "utf8");
      await writeFile(
        edited,
        text.replace(
          'web_origins: ["https://admin.${region.host}"]',
          'web_origins: ["https://admin.${region.host}", "https://ops.${region.host}"]',
        ),
      );
      const other = await runCli(["apply", "-f", edited, "--only", "auth0", "--yes"], { env: ctx.env });
      assert.equal(other.code, 0, other.stdout + other.stderr);

      const refused = await runCli(["apply", stalePlan, "-f", ctx.file], { env: ctx.env });
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /the saved plan .* is stale; nothing was applied/);

      const fresh = join(dir, "fresh.json");
      assert.equal(
        (await runCli(["plan", "-f", ctx.file, "--only", "auth0", "--allow-delete", "--out", fresh], { env: ctx.env }))
          .code,
        0,
      );
      const applied = await runCli(["apply", fresh, "-f", ctx.file], { env: ctx.env });
      assert.equal(applied.code, 0, applied.stdout + applied.stderr);
      const after = await runCli(["plan", "-f", ctx.file, "--only", "auth0", "--detailed-exitcode"], { env: ctx.env });
      assert.equal(after.code, 0, after.stdout);
    });
  });
});
