import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startGitHubEmulator } from "../../emulators/github/index.js";
import { seedSampleOrg } from "../../emulators/github/sandbox.js";
import { captureLogs, engineFor, githubDesiredState, pending, sandboxEnv } from "./helpers.js";

const onlyEnvironments = (url: string, edit?: (env: Record<string, unknown>) => void) =>
  githubDesiredState(url, (doc) => {
    doc.resources.github = { environments: doc.resources.github.environments! };
    if (edit) for (const e of doc.resources.github.environments!) edit(e);
  });

async function seeded() {
  return startGitHubEmulator({ org: await seedSampleOrg() });
}

describe("deployment environments", () => {
  it("creates the EU environment with its protection, variables and a secret sealed for the repository key", async () => {
    const gh = await seeded();
    const engine = engineFor(onlyEnvironments(gh.url), sandboxEnv);
    try {
      const report = await engine.apply(await engine.plan());
      assert.deepEqual(
        report.results.map((r) => r.status),
        ["applied"],
      );
      const env = gh.org.repo("example-corp", "platform")!.environments.get("production-eu")!;
      assert.equal(env.wait_timer, 5);
      assert.deepEqual(env.reviewers, [{ type: "Team", id: gh.org.teams.get("platform-leads")!.id }]);
      assert.equal(env.variables.get("AWS_REGION")?.value, "eu-west-1");
      assert.equal(env.variables.get("AWS_ROLE_ARN")?.value, "arn:aws:iam::222222222222:role/deploy");
      assert.equal(env.secrets.get("DEPLOY_TOKEN")?.value, "sandbox-deploy-token-eu", "sealed, then opened by GitHub");
      const ledger = env.variables.get("REGIONSYNC_STATE")!.value;
      assert.equal(ledger.includes("sandbox-deploy-token-eu"), false, "the ledger holds a digest, never the value");
      assert.deepEqual(pending(await engine.plan()), []);
    } finally {
      await engine.close();
      await gh.close();
    }
  });

  it("detects a changed secret value and a secret rewritten by hand, though GitHub never returns either", async () => {
    const gh = await seeded();
    try {
      const rotated = { ...sandboxEnv, DEPLOY_TOKEN_us: "rotated-deploy-token-us" };
      const engine = engineFor(onlyEnvironments(gh.url), rotated);
      const plan = await engine.plan();
      const us = plan.changes.find((c) => c.name === "example-corp/platform/production-us");
      assert.deepEqual(us?.diffs, [{ path: "secrets.DEPLOY_TOKEN", op: "change", sensitive: true }]);
      await engine.apply(plan);
      const env = gh.org.repo("example-corp", "platform")!.environments.get("production-us")!;
      assert.equal(env.secrets.get("DEPLOY_TOKEN")?.value, "rotated-deploy-token-us");
      assert.deepEqual(pending(await engine.plan()), []);

      gh.org.setSecret(env, "DEPLOY_TOKEN", "someone pasted this");
      const drift = (await engine.plan()).changes.find((c) => c.name === "example-corp/platform/production-us");
      assert.deepEqual(drift?.diffs, [{ path: "secrets.DEPLOY_TOKEN", op: "change", sensitive: true }]);
      await engine.close();
    } finally {
      await gh.close();
    }
  });

  it("deletes a variable it wrote only when deletes are allowed, and never one made by hand", async () => {
    const gh = await seeded();
    const text = onlyEnvironments(gh.url, (e) => {
      delete (e.variables as Record<string, string>).APP_HOST;
    });
    const engine = engineFor(text, sandboxEnv);
    try {
      const held = await engine.plan();
      const del = held.changes.find((c) => c.action === "delete" && c.regions.includes("us"));
      assert.equal(del?.status, "held");
      assert.equal(del?.delete_count, 1);
      assert.deepEqual(del?.diffs, [{ path: "variables.APP_HOST", op: "remove", before: "app.example.com" }]);
      const allowed = await engine.plan(true);
      const report = await engine.apply(allowed);
      assert.ok(report.results.every((r) => r.status === "applied"));
      const us = gh.org.repo("example-corp", "platform")!.environments.get("production-us")!;
      assert.equal(us.variables.has("APP_HOST"), false);
      assert.equal(us.variables.get("SLACK_CHANNEL")?.value, "#deploys-us", "made by hand, never touched");
      assert.deepEqual(pending(await engine.plan(true)), []);
    } finally {
      await engine.close();
      await gh.close();
    }
  });

  it("deletes an environment it created once undeclared, but leaves one holding hand-made entries to a person", async () => {
    const gh = await seeded();
    const full = engineFor(onlyEnvironments(gh.url), sandboxEnv);
    const onlyUs = engineFor(
      onlyEnvironments(gh.url, (e) => {
        e.regions = ["us"];
      }),
      sandboxEnv,
    );
    const onlyEu = engineFor(
      onlyEnvironments(gh.url, (e) => {
        e.regions = ["eu"];
      }),
      sandboxEnv,
    );
    try {
      await full.apply(await full.plan());
      const euGone = await onlyUs.plan(true);
      const del = euGone.changes.find((c) => c.name === "example-corp/platform/production-eu");
      assert.equal(del?.action, "delete");
      assert.equal(del?.delete_count, 1);
      await onlyUs.apply(euGone);
      const repo = gh.org.repo("example-corp", "platform")!;
      assert.equal(repo.environments.has("production-eu"), false);

      await full.apply(await full.plan());
      const usGone = await onlyEu.plan(true);
      const us = usGone.changes.find((c) => c.name === "example-corp/platform/production-us");
      assert.equal(us?.action, "manual", "production-us holds SLACK_CHANNEL, made by hand");
      assert.equal(us?.status, "pending", "a person's to do, not held");
      assert.deepEqual(usGone.diagnostics, []);
      assert.match(us!.instructions!.summary, /SLACK_CHANNEL/);
      await onlyEu.apply(usGone);
      assert.equal(repo.environments.has("production-us"), true);
    } finally {
      await full.close();
      await onlyUs.close();
      await onlyEu.close();
      await gh.close();
    }
  });

  it("holds back, at plan time, a change whose reviewer does not exist or whose secret value is missing", async () => {
    const gh = await seeded();
    const text = onlyEnvironments(gh.url, (e) => {
      e.reviewers = [{ type: "Team", slug: "platform-leeds" }];
    });
    const { DEPLOY_TOKEN_eu: _missing, ...env } = sandboxEnv;
    const engine = engineFor(text, env);
    try {
      const plan = await engine.plan();
      const eu = plan.changes.find((c) => c.name === "example-corp/platform/production-eu");
      assert.equal(eu?.status, "held");
      const problems = plan.diagnostics.filter((d) => d.change === eu?.id).map((d) => d.message);
      assert.ok(problems.some((m) => /team example-corp\/platform-leeds does not exist/.test(m)));
      assert.ok(problems.some((m) => /DEPLOY_TOKEN_eu \(secret DEPLOY_TOKEN\) is not set/.test(m)));
      await engine.apply(plan);
      assert.equal(gh.org.repo("example-corp", "platform")!.environments.has("production-eu"), false);
    } finally {
      await engine.close();
      await gh.close();
    }
  });

  it("never lets a secret value reach a plan, a log line, an apply result or an error", async () => {
    const gh = await seeded();
    const secrets = ["eu-secret-value-0123456789", "us-secret-value-0123456789", "hook-secret-value-0123456789"];
    const env = { ...sandboxEnv, DEPLOY_TOKEN_eu: secrets[0], DEPLOY_TOKEN_us: secrets[1], WEBHOOK_SECRET: secrets[2] };
    const logs = captureLogs();
    const engine = engineFor(githubDesiredState(gh.url), env, logs.logger);
    try {
      const plan = await engine.plan();
      // One write fails, so error paths are covered too.
      gh.server.injectFaults(
        [{ kind: "status", status: 422, body: { message: "Validation Failed" } }],
        (r) => r.method === "PUT" && r.path.includes("/secrets/"),
      );
      const report = await engine.apply(plan);
      assert.ok(report.results.some((r) => r.status === "failed"));
      const outputs = [JSON.stringify(plan), JSON.stringify(report), ...logs.lines];
      for (const secret of secrets) {
        for (const text of outputs)
          assert.equal(text.includes(secret), false, `a secret leaked into: ${text.slice(0, 200)}`);
      }
      const requests = JSON.stringify(gh.server.requests.filter((r) => r.method === "GET"));
      for (const secret of secrets) assert.equal(requests.includes(secret), false);
    } finally {
      await engine.close();
      await gh.close();
    }
  });
});
