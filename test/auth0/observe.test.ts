import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  accountFor,
  app,
  applications,
  connect,
  env,
  recordingLogger,
  run,
  SECRET,
  storefront,
  tenantWith,
  writes,
} from "./helpers.js";

describe("auth0: observe and plan", () => {
  it("list the tenant once, 100 a page, with no empty last page and no per-application GET, and never write", async () => {
    const emu = await tenantWith([
      ...Array.from({ length: 250 }, (_, i) => ({ name: `App ${i}` })),
      { name: "Storefront", callbacks: ["https://app.example.com/callback"] },
    ]);
    try {
      const session = connect(emu);
      const observation = await applications.observe(session, storefront(["us", "eu"]));
      applications.plan(storefront(["us", "eu"]), observation);
      assert.equal(observation.state.total, 251);
      assert.deepEqual(
        observation.state.apps.map((a) => a.name),
        ["Storefront"],
      );
      const lists = emu.requests.filter((r) => r.path === "/api/v2/clients");
      assert.equal(lists.length, 3);
      for (const r of lists) {
        assert.match(r.query, /per_page=100/);
        assert.match(r.query, /is_global=false/);
        assert.doesNotMatch(r.query, /client_secret/);
      }
      assert.equal(emu.requests.length, 4);
      assert.deepEqual(writes(emu), []);
    } finally {
      await emu.close();
    }
  });

  it("an ambiguous name is an error listing the candidates; client_id settles it", async () => {
    const emu = await tenantWith([{ name: "Storefront" }, { name: "Storefront" }]);
    try {
      const ids = emu.tenant.byName("Storefront").map((c) => c.client_id);
      const { changes, diagnostics } = await run(connect(emu), storefront(["eu"]));
      assert.deepEqual(changes, []);
      assert.equal(diagnostics[0]!.severity, "error");
      assert.match(diagnostics[0]!.message, /'Storefront' is ambiguous.*2 applications/);
      for (const id of ids) assert.ok(diagnostics[0]!.message.includes(id));

      const pinned = app("Storefront", "eu", { client_id: ids[1]!, callbacks: ["https://eu.example.com/callback"] });
      const second = await run(connect(emu), [pinned]);
      assert.equal(second.results[0]!.status, "applied");
      assert.deepEqual(emu.tenant.get(ids[1]!)!.callbacks, ["https://eu.example.com/callback"]);
      assert.deepEqual(emu.tenant.get(ids[0]!)!.callbacks, []);
    } finally {
      await emu.close();
    }
  });

  it("a missing application is an error for manage and a warning for observe", async () => {
    const emu = await tenantWith([]);
    try {
      const instances = [
        app("Storefront", "eu", { callbacks: ["https://eu.example.com/callback"] }),
        app("Partner Portal", "eu", { callbacks: ["https://partners.eu.example.com/cb"] }, { policy: "observe" }),
      ];
      const { diagnostics } = await run(connect(emu), instances);
      assert.deepEqual(
        diagnostics.map((d) => `${d.severity}: ${d.message}`),
        [
          "error: application 'Storefront' not found in account 'auth0-us'",
          "warning: application 'Partner Portal' not found in account 'auth0-us'",
        ],
      );
    } finally {
      await emu.close();
    }
  });

  it("plans observe-policy drift like any other, marked observe", async () => {
    const emu = await tenantWith([{ name: "Partner Portal" }]);
    try {
      const instances = [
        app("Partner Portal", "eu", { callbacks: ["https://partners.eu.example.com/cb"] }, { policy: "observe" }),
      ];
      const { changes } = await run(connect(emu), instances);
      assert.deepEqual(
        changes.map((c) => `${c.action} ${c.policy}`),
        ["update observe"],
      );
    } finally {
      await emu.close();
    }
  });

  it("works with a static token from token_env and sends no token request", async () => {
    const emu = await tenantWith([{ name: "Storefront" }], { tokens: { [env.AUTH0_TOKEN]: ["read:clients"] } });
    try {
      const account = accountFor(emu, "auth0-us", {
        client_id_env: undefined,
        client_secret_env: undefined,
        token_env: "AUTH0_TOKEN",
      });
      const { changes, results } = await run(connect(emu, { account }), storefront(["eu"]));
      assert.equal(changes.length, 1);
      assert.equal(emu.requests.filter((r) => r.path === "/oauth/token").length, 0);
      // The token lacks update:clients: the write is refused, clearly.
      assert.equal(results[0]!.status, "failed");
      assert.match(results[0]!.message ?? "", /HTTP 403 insufficient_scope/);
    } finally {
      await emu.close();
    }
  });

  it("keeps secrets out of logs, change payloads and results", async () => {
    const emu = await tenantWith([{ name: "Storefront", client_secret: "tenant-app-secret-value" }]);
    try {
      const logger = recordingLogger();
      const { changes, results } = await run(connect(emu, { logger }), storefront(["eu"]));
      const everything = JSON.stringify({ changes, results, lines: logger.lines });
      for (const secret of [SECRET, "tenant-app-secret-value"]) assert.ok(!everything.includes(secret));
      assert.ok(logger.lines.length > 0);
    } finally {
      await emu.close();
    }
  });
});
