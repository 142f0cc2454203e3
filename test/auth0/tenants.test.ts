import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Auth0Emulator } from "../../emulators/auth0/index.js";
import { startSandbox } from "../../emulators/auth0/sandbox.js";
import type { DesiredState } from "../../src/core/desired-state.js";
import { silentLogger } from "../../src/core/log.js";
import { auth0Provider } from "../../src/providers/auth0/index.js";
import { applyRun, planRun, SessionPool } from "../../src/reconciler/index.js";
import { connectOptions } from "../support/connect.js";
import { rootDesiredState, writes } from "./helpers.js";

const providers = new Map([["auth0", auth0Provider]]);
const env = {
  AUTH0_US_CLIENT_ID: "us-id",
  AUTH0_US_CLIENT_SECRET: "us-secret",
  AUTH0_EU_CLIENT_ID: "eu-id",
  AUTH0_EU_CLIENT_SECRET: "eu-secret",
};

describe("auth0: the root desired-state.yaml against two sandbox tenants, through the engine", () => {
  const tenants: Record<string, Auth0Emulator> = {};
  before(async () => {
    tenants["auth0-us"] = await startSandbox({ name: "auth0-us" });
    tenants["auth0-eu"] = await startSandbox({ name: "auth0-eu" });
  });
  after(() => Promise.all(Object.values(tenants).map((t) => t.close())));

  const pointed = (state: DesiredState): DesiredState => ({
    ...state,
    accounts: state.accounts.map((a) => ({ ...a, endpoint: tenants[a.name]!.url })),
  });

  async function reconcile(state: DesiredState, allowDelete = false, overrideBlastRadius = false) {
    const pool = new SessionPool(providers, env, silentLogger, connectOptions());
    try {
      const plan = await planRun(
        state,
        { providers, env, logger: silentLogger, allowDelete, overrideBlastRadius },
        pool,
      );
      const report = await applyRun(plan, state.accounts, pool, { concurrency: 4, logger: silentLogger });
      return { plan, report };
    } finally {
      await pool.close();
    }
  }

  const client = (account: string, name: string) => tenants[account]!.tenant.byName(name)[0]!;

  it("adds eu to both tenants in one run", async () => {
    // rootDesiredState() throws unless the file (provider validation included) has no errors.
    const state = pointed(rootDesiredState());
    const { plan, report } = await reconcile(state);
    assert.deepEqual(
      plan.diagnostics.filter((d) => d.severity === "error"),
      [],
    );
    assert.ok(report.ok, JSON.stringify(report.results));
    assert.deepEqual(plan.changes.map((c) => `${c.account} ${c.name} ${c.action} ${c.status}`).sort(), [
      "auth0-eu Storefront update pending",
      "auth0-us Admin Console update pending",
    ]);
    assert.deepEqual(client("auth0-eu", "Storefront").callbacks, [
      "https://eu-staging.example.com/callback",
      "https://eu.example.com/callback",
    ]);
    assert.equal(client("auth0-eu", "Storefront").initiate_login_uri, "https://eu.example.com/login");
    assert.deepEqual(client("auth0-us", "Admin Console").web_origins, [
      "https://admin.app.example.com",
      "https://admin.eu.example.com",
    ]);
    assert.deepEqual(client("auth0-us", "Partner Portal").callbacks, ["https://partners.app.example.com/callback"]);
  });

  it("converges: the next run writes nothing, and reports an observed application's drift", async () => {
    const portal = client("auth0-us", "Partner Portal");
    tenants["auth0-us"]!.tenant.edit(portal.client_id, { callbacks: [] });
    for (const t of Object.values(tenants)) t.resetLog();
    const { plan } = await reconcile(pointed(rootDesiredState()));
    assert.deepEqual(
      plan.changes.map((c) => `${c.name} ${c.status}`),
      ["Partner Portal observe-only"],
    );
    for (const t of Object.values(tenants)) assert.deepEqual(writes(t), []);
  });

  it("removing eu holds the removals back unless deletes are allowed, then removes only regionsync's eu URLs", async () => {
    const usOnly = pointed(rootDesiredState(["us"]));
    const held = await reconcile(usOnly);
    assert.deepEqual(
      held.plan.changes
        .filter((c) => c.action === "delete")
        .map((c) => `${c.account} ${c.name} ${c.status} ${c.delete_count}`)
        .sort(),
      ["auth0-eu Storefront held 5", "auth0-us Admin Console held 3"],
    );
    assert.equal(held.plan.refusal, undefined);

    // Every URL regionsync owns in each tenant is an eu URL, but 8 URLs in 2 applications are a region leaving, not
    // a tenant stripped: --allow-delete alone is enough, and the plan says what it removes.
    const applied = await reconcile(usOnly, true);
    assert.equal(applied.plan.refusal, undefined);
    assert.deepEqual(
      applied.plan.changes
        .filter((c) => c.action === "delete")
        .map((c) => `${c.name} ${c.delete_count} ${c.delete_unit}`)
        .sort(),
      ["Admin Console 3 URL", "Storefront 5 URL"],
    );
    assert.ok(applied.report.ok);
    assert.deepEqual(client("auth0-us", "Admin Console").callbacks, [
      "https://admin.app.example.com/auth/callback",
      "https://admin.staging.example.com/auth/callback",
    ]);
    const eu = client("auth0-eu", "Storefront");
    assert.deepEqual(eu.callbacks, ["https://eu-staging.example.com/callback"]);
    assert.deepEqual(eu.web_origins, []);
    assert.equal(eu.initiate_login_uri, undefined);
    assert.deepEqual(eu.client_metadata, { team: "storefront" });
  });
});
