/**
 * A person's edit made while `apply` runs survives it (issue 15): the read a write merges into is taken just before
 * that write, so an edit made longer than the read window (1 s) before regionsync's write to the application is kept.
 * Driven through the engine with the provider's default session, as the CLI runs it.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadDesiredStateText } from "../../src/config/index.js";
import type { Provider } from "../../src/core/kind.js";
import { silentLogger } from "../../src/core/log.js";
import { auth0Provider } from "../../src/providers/auth0/index.js";
import { applyRun, planRun, SessionPool } from "../../src/reconciler/index.js";
import { connectOptions } from "../support/connect.js";
import { allowingEndpointsOf } from "../support/operator.js";
import { env, ofField, tenantWith } from "./helpers.js";

const providers: ReadonlyMap<string, Provider> = new Map([["auth0", auth0Provider as Provider]]);
const names = ["Storefront", "Admin Console", "Billing"];
const HAND_MADE = "https://support.example.com/callback";

function desired(url: string, domain: string) {
  const text = JSON.stringify({
    version: 1,
    // One write at a time, so the order of events below is certain.
    settings: { concurrency: 1 },
    regions: { eu: { hosts: ["eu.example.com"], cloud_region: "eu-west-1", paging: [] } },
    accounts: {
      "auth0-us": {
        provider: "auth0",
        domain,
        client_id_env: "AUTH0_CLIENT_ID",
        client_secret_env: "AUTH0_CLIENT_SECRET",
        endpoint: url,
      },
    },
    resources: {
      auth0: {
        applications: names.map((name, i) => ({
          name,
          regions: ["eu"],
          callbacks: [`https://app${i}.\${region.host}/callback`],
        })),
      },
    },
  });
  const { state, diagnostics } = loadDesiredStateText(text, "desired-state.yaml", providers, allowingEndpointsOf(text));
  if (!state) throw new Error(JSON.stringify(diagnostics));
  return state;
}

describe("auth0: an edit made during apply", () => {
  it("a URL added by hand to an application while apply writes others survives regionsync's write", async () => {
    const emu = await tenantWith(names.map((name, i) => ({ name, callbacks: [`https://app${i}.us.example.com/cb`] })));
    try {
      const state = desired(emu.url, emu.domain);
      const pool = new SessionPool(providers, env, silentLogger, connectOptions());
      const plan = await planRun(state, { providers, env, logger: silentLogger }, pool);
      assert.deepEqual(
        plan.changes.map((c) => `${c.name}#${c.action}`),
        names.map((n) => `${n}#update`),
      );
      const first = ofField(emu, names[0]!).client_id;
      const last = ofField(emu, names[2]!).client_id;
      // When the first PATCH arrives, a person adds a callback to the last application in the Dashboard; that PATCH
      // is answered only after longer than the read window, so the edit is older than the window at the last write.
      emu.onArrival((req) => {
        if (req.method === "PATCH" && req.params.id === first) {
          const current = emu.tenant.get(last)!.callbacks as string[];
          emu.tenant.edit(last, { callbacks: [...current, HAND_MADE] });
        }
      });
      emu.injectFaults([{ kind: "delay", ms: 1_300 }], (req) => req.method === "PATCH" && req.params.id === first);
      const report = await applyRun(plan, state.accounts, pool, { concurrency: 1, logger: silentLogger });
      await pool.close();
      assert.ok(report.ok, JSON.stringify(report.results));
      assert.deepEqual(emu.tenant.get(last)!.callbacks, [
        "https://app2.us.example.com/cb",
        HAND_MADE,
        "https://app2.eu.example.com/callback",
      ]);
    } finally {
      await emu.close();
    }
  });
});
