import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startSandbox } from "../../emulators/github/sandbox.js";
import { captureLogs, engineFor, githubDesiredState, pending, sandboxEnv } from "./helpers.js";

describe("the sandbox organization against the root desired-state.yaml", () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  before(async () => {
    sandbox = await startSandbox({ name: "github" });
  });
  after(() => sandbox.close());

  it("plans the EU region, leaves the US alone, and explains the app redirects a person must fix", async () => {
    const logs = captureLogs();
    // As registered before the EU region: only the US callbacks (the root file may already record the fix).
    const beforeEu = githubDesiredState(sandbox.url, (doc) => {
      doc.resources.github.oauth_apps![0]!.registered_callback_url = "https://app.example.com/auth/github/callback";
      doc.resources.github.github_apps![0]!.registered_callback_urls = [
        "https://app.example.com/integrations/github/callback",
      ];
    });
    const engine = engineFor(beforeEu, sandboxEnv, logs.logger);
    const plan = await engine.plan();
    await engine.close();
    const byId = Object.fromEntries(plan.changes.map((c) => [c.id, c]));
    assert.deepEqual(
      plan.diagnostics.filter((d) => d.severity === "error"),
      [],
    );
    const oauth = byId["github/github/oauth_app/example-corp/Example Corp Login/callback#manual"];
    assert.equal(oauth?.action, "manual");
    assert.deepEqual(oauth.regions, ["eu"]);
    assert.match(oauth.instructions!.summary, /eu\.example\.com is not under app\.example\.com/);
    assert.match(oauth.instructions!.summary, /https:\/\/example\.com\/auth\/github\/callback/);
    const app = byId["github/github/github_app/example-corp/example-corp-deployer/callbacks#manual"];
    assert.equal(app?.action, "manual");
    assert.equal(
      app.instructions!.url,
      "https://github.com/organizations/example-corp/settings/apps/example-corp-deployer",
    );
    assert.deepEqual(app.diffs, [
      { path: "callback_urls", op: "add", after: "https://eu.example.com/integrations/github/callback" },
    ]);
    const actions = pending(plan)
      .filter((c) => c.action !== "manual")
      .map((c) => `${c.action} ${c.name}`)
      .sort();
    assert.deepEqual(actions, [
      "create example-corp/Regional egress@eu",
      "create example-corp/ip-ranges/ip-ranges.json@eu-west-1",
      "create example-corp/platform/production-eu",
      "create orgs/example-corp/audit-eu",
      "create repos/example-corp/platform/deploy-events-eu",
    ]);
  });

  it("is clean for the apps once a person records what they registered", async () => {
    const engine = engineFor(
      githubDesiredState(sandbox.url, (doc) => {
        doc.resources.github.oauth_apps![0]!.registered_callback_url = "https://example.com/auth/github/callback";
        doc.resources.github.github_apps![0]!.registered_callback_urls = [
          "https://app.example.com/integrations/github/callback",
          "https://eu.example.com/integrations/github/callback",
        ];
      }),
      sandboxEnv,
    );
    const plan = await engine.plan();
    await engine.close();
    assert.deepEqual(
      plan.changes.filter((c) => c.kind.endsWith("app")),
      [],
    );
  });
});
