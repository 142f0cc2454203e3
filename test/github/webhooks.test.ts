import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Octokit } from "@octokit/rest";
import { startGitHubEmulator } from "../../emulators/github/index.js";
import { seedSampleOrg } from "../../emulators/github/sandbox.js";
import { engineFor, githubDesiredState, pending, sandboxEnv } from "./helpers.js";

const onlyWebhooks = (url: string, edit?: (hooks: Array<Record<string, unknown>>) => void) =>
  githubDesiredState(url, (doc) => {
    doc.resources.github = { webhooks: doc.resources.github.webhooks! };
    edit?.(doc.resources.github.webhooks!);
  });

describe("org and repository webhooks", () => {
  it("creates the EU hooks with their secret, which GitHub then only shows masked", async () => {
    const gh = await startGitHubEmulator({ org: await seedSampleOrg() });
    const engine = engineFor(onlyWebhooks(gh.url), sandboxEnv);
    try {
      const report = await engine.apply(await engine.plan());
      assert.equal(report.results.length, 2);
      assert.ok(report.results.every((r) => r.status === "applied"));
      const repoHook = gh.org.repo("example-corp", "platform")!.hooks.find((h) => h.config.url.includes("hooks.eu"))!;
      assert.equal(repoHook.config.secret, "sandbox-webhook-secret");
      assert.deepEqual(repoHook.events, ["push", "deployment", "deployment_status"]);
      const orgHook = gh.org.orgHooks.find((h) => h.config.url === "https://audit.eu.example.com/github");
      assert.deepEqual(orgHook?.events, ["repository", "member"]);
      const api = new Octokit({ baseUrl: gh.url, auth: "t", throttle: { enabled: false } } as never);
      const { data } = await api.rest.repos.getWebhook({
        owner: "example-corp",
        repo: "platform",
        hook_id: repoHook.id,
      });
      assert.equal(data.config.secret, "********");
      assert.deepEqual(pending(await engine.plan()), []);
    } finally {
      await engine.close();
      await gh.close();
    }
  });

  it("never touches a hook made by hand, even one at the URL a declaration wants: a person decides", async () => {
    const org = await seedSampleOrg();
    const platform = org.repo("example-corp", "platform")!;
    const byHand = org.addHook(platform.hooks, {
      active: true,
      events: ["push"],
      config: { url: "https://hooks.eu.example.com/github", content_type: "form", insecure_ssl: "0" },
    });
    const gh = await startGitHubEmulator({ org });
    const engine = engineFor(onlyWebhooks(gh.url), sandboxEnv);
    try {
      const plan = await engine.plan();
      const conflict = plan.changes.find((c) => c.name === "repos/example-corp/platform/deploy-events-eu");
      assert.equal(conflict?.action, "manual");
      assert.equal(conflict?.status, "pending", "a person's to do, not held");
      assert.deepEqual(plan.diagnostics, []);
      assert.equal(conflict?.instructions?.url, `https://github.com/example-corp/platform/settings/hooks/${byHand.id}`);
      const before = JSON.stringify(platform.hooks.find((h) => h.id === byHand.id));
      await engine.apply(plan);
      assert.equal(JSON.stringify(platform.hooks.find((h) => h.id === byHand.id)), before);
    } finally {
      await engine.close();
      await gh.close();
    }
  });

  it("puts back a hook it owns that was edited by hand, and rotates its secret when the value changes", async () => {
    const gh = await startGitHubEmulator({ org: await seedSampleOrg() });
    const platform = gh.org.repo("example-corp", "platform")!;
    const us = platform.hooks.find((h) => h.config.url === "https://hooks.example.com/github")!;
    us.events = ["push"];
    us.active = false;
    const env = { ...sandboxEnv, WEBHOOK_SECRET: "rotated-webhook-secret" };
    const engine = engineFor(
      onlyWebhooks(gh.url, (hooks) => hooks.splice(1)),
      env,
    );
    try {
      const plan = await engine.plan();
      const update = plan.changes.find((c) => c.name === "repos/example-corp/platform/deploy-events-us");
      assert.deepEqual(
        update?.diffs.map((d) => d.path),
        ["events", "active", "secret"],
      );
      assert.equal(update?.diffs.find((d) => d.path === "secret")?.sensitive, true);
      await engine.apply(plan);
      assert.equal(us.config.secret, "rotated-webhook-secret");
      assert.equal(us.active, true);
      assert.deepEqual(
        pending(await engine.plan()).filter((c) => c.regions.includes("us")),
        [],
      );

      // Someone pastes another secret in the settings page: GitHub still shows ********, but the hook's updated_at moves.
      const person = new Octokit({ baseUrl: gh.url, auth: "ghp_person", throttle: { enabled: false } } as never);
      await person.rest.repos.updateWebhookConfigForRepo({
        owner: "example-corp",
        repo: "platform",
        hook_id: us.id,
        secret: "pasted-by-hand",
      });
      const drift = (await engine.plan()).changes.find(
        (c) => c.name === "repos/example-corp/platform/deploy-events-us",
      );
      assert.deepEqual(drift?.diffs, [{ path: "secret", op: "change", sensitive: true }]);
      await engine.apply(await engine.plan());
      assert.equal(us.config.secret, "rotated-webhook-secret");
    } finally {
      await engine.close();
      await gh.close();
    }
  });

  it("recognises the hook of a create that died before recording it, instead of making a second one", async () => {
    const gh = await startGitHubEmulator({ org: await seedSampleOrg() });
    const platform = gh.org.repo("example-corp", "platform")!;
    // What a run killed between "ledger: pending" and "ledger: id" leaves behind.
    const ledger = JSON.parse(platform.variables.get("REGIONSYNC_WEBHOOKS")!.value);
    ledger.hooks["deploy-events-eu"] = { id: null, url: "https://hooks.eu.example.com/github" };
    gh.org.setVariable(platform.variables, "REGIONSYNC_WEBHOOKS", JSON.stringify(ledger));
    gh.org.addHook(platform.hooks, {
      active: true,
      events: ["push", "deployment", "deployment_status"],
      config: { url: "https://hooks.eu.example.com/github", content_type: "json", insecure_ssl: "0", secret: "x" },
    });
    const engine = engineFor(
      onlyWebhooks(gh.url, (hooks) => hooks.splice(1)),
      sandboxEnv,
    );
    try {
      const plan = await engine.plan();
      const eu = plan.changes.find((c) => c.name === "repos/example-corp/platform/deploy-events-eu");
      assert.equal(eu?.action, "update");
      await engine.apply(plan);
      assert.equal(platform.hooks.filter((h) => h.config.url === "https://hooks.eu.example.com/github").length, 1);
      assert.deepEqual(pending(await engine.plan()), []);
    } finally {
      await engine.close();
      await gh.close();
    }
  });
});
