/**
 * A person's edit made while `apply` runs survives it (issue 15). GitHub writes variables one by one (no list is
 * replaced), so a variable the file does not declare is never written; deleting an environment deletes everything in
 * it, so apply reads the environment right before deleting it and leaves it to a person if something hand-made appeared.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startGitHubEmulator } from "../../emulators/github/index.js";
import { seedSampleOrg } from "../../emulators/github/sandbox.js";
import { engineFor, githubDesiredState, sandboxEnv } from "./helpers.js";

const environments = (url: string, edit?: (env: Record<string, unknown>) => void) =>
  githubDesiredState(url, (doc) => {
    doc.resources.github = { environments: doc.resources.github.environments! };
    if (edit) for (const e of doc.resources.github.environments!) edit(e);
  });

describe("github: an edit made during apply", () => {
  it("an environment variable the file does not declare, added by hand during apply, survives", async () => {
    const gh = await startGitHubEmulator({ org: await seedSampleOrg() });
    const full = engineFor(environments(gh.url), sandboxEnv);
    const usOnly = engineFor(
      environments(gh.url, (e) => {
        e.regions = ["us"];
        e.variables = { ...(e.variables as object), FEATURE_FLAGS: "checkout-v2" };
      }),
      sandboxEnv,
    );
    try {
      assert.ok((await full.apply(await full.plan())).ok);
      const repo = gh.org.repo("example-corp", "platform")!;
      const plan = await usOnly.plan(true);
      assert.deepEqual(
        plan.changes.filter((c) => c.status === "pending").map((c) => `${c.name}#${c.action}`),
        ["example-corp/platform/production-us#update", "example-corp/platform/production-eu#delete"],
      );
      // When regionsync's first write arrives, a person adds a variable by hand to both environments.
      let edited = false;
      gh.server.onArrival((req) => {
        if (edited || req.method === "GET") return;
        edited = true;
        for (const name of ["production-us", "production-eu"]) {
          gh.org.setVariable(repo.environments.get(name)!.variables, "ROLLBACK_RUNBOOK", "https://wiki.example.com/rb");
        }
      });
      const report = await usOnly.apply(plan, 1);
      assert.ok(edited);
      const [update, removal] = report.results;
      assert.equal(update?.status, "applied");
      assert.equal(removal?.status, "failed");
      assert.match(removal?.message ?? "", /production-eu was not deleted: it now holds ROLLBACK_RUNBOOK/);
      for (const name of ["production-us", "production-eu"]) {
        assert.equal(
          repo.environments.get(name)?.variables.get("ROLLBACK_RUNBOOK")?.value,
          "https://wiki.example.com/rb",
        );
      }
      assert.equal(repo.environments.get("production-us")?.variables.get("FEATURE_FLAGS")?.value, "checkout-v2");
    } finally {
      await full.close();
      await usOnly.close();
      await gh.close();
    }
  });
});
