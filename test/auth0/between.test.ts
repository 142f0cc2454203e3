import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { app, applications, connect, ofField, storefront, tenantWith, writes } from "./helpers.js";

describe("auth0: what happens between plan and apply", () => {
  it("a person's edit made after a saved plan survives its apply", async () => {
    const emu = await tenantWith([{ name: "Storefront", callbacks: ["https://app.example.com/callback"] }]);
    try {
      const instances = storefront(["us", "eu"]);
      const planning = connect(emu);
      const { changes } = applications.plan(instances, await applications.observe(planning, instances));
      const saved = JSON.parse(JSON.stringify(changes)) as typeof changes;

      const id = ofField(emu, "Storefront").client_id;
      emu.tenant.edit(id, {
        callbacks: ["https://app.example.com/callback", "https://partner.example.com/callback"],
        web_origins: ["https://partner.example.com"],
      });

      emu.resetLog();
      const applying = connect(emu);
      for (const change of saved) assert.equal((await applications.apply(applying, change)).status, "applied");
      // The saved plan was read again before writing: one GET, one PATCH.
      assert.deepEqual(
        emu.requests.filter((r) => r.path.startsWith("/api")).map((r) => r.method),
        ["GET", "PATCH"],
      );
      const client = ofField(emu, "Storefront");
      assert.deepEqual(client.callbacks, [
        "https://app.example.com/callback",
        "https://partner.example.com/callback",
        "https://eu.example.com/callback",
      ]);
      assert.deepEqual(client.web_origins, [
        "https://partner.example.com",
        "https://app.example.com",
        "https://eu.example.com",
      ]);
    } finally {
      await emu.close();
    }
  });

  it("a read older than readWindowMs is refreshed before the write in the same run", async () => {
    const emu = await tenantWith([{ name: "Storefront", callbacks: ["https://app.example.com/callback"] }]);
    try {
      let now = 1_000_000;
      const session = connect(emu, { session: { now: () => now, readWindowMs: 10_000 } });
      const instances = storefront(["us", "eu"]);
      const { changes } = applications.plan(instances, await applications.observe(session, instances));
      emu.tenant.edit(ofField(emu, "Storefront").client_id, {
        allowed_logout_urls: ["https://support.example.com/logout"],
      });
      now += 10_001;
      for (const change of changes) await applications.apply(session, change);
      assert.deepEqual(ofField(emu, "Storefront").allowed_logout_urls, [
        "https://support.example.com/logout",
        "https://app.example.com/logout",
        "https://eu.example.com/logout",
      ]);
    } finally {
      await emu.close();
    }
  });

  it("a write long after observe reads its listing page again, once for the writes within the window, not one GET each", async () => {
    const managed = Array.from({ length: 30 }, (_, i) => ({ name: `App ${i}` }));
    const others = Array.from({ length: 220 }, (_, i) => ({ name: `Other ${i}` }));
    const emu = await tenantWith([...managed, ...others]);
    try {
      let now = 1_000_000;
      const session = connect(emu, { session: { now: () => now, readWindowMs: 10_000 } });
      const instances = managed.map((m, i) => app(m.name, "eu", { callbacks: [`https://a${i}.eu.example.com/cb`] }));
      const { changes } = applications.plan(instances, await applications.observe(session, instances));
      for (const change of changes.slice(0, 10)) await applications.apply(session, change);
      const late = ofField(emu, "App 20").client_id;
      emu.tenant.edit(late, { callbacks: ["https://hand.example.com/cb"] });
      now += 10_001;
      emu.resetLog();
      for (const change of changes.slice(10))
        assert.equal((await applications.apply(session, change)).status, "applied");
      assert.deepEqual(
        emu.requests.map((r) => `${r.method} ${r.path.replace(/clients\/.+$/, "clients/{id}")}`),
        // The 30 managed applications are on the first of the tenant's three pages: that page only is read again.
        ["GET /api/v2/clients", ...Array(20).fill("PATCH /api/v2/clients/{id}")],
      );
      assert.match(emu.requests[0]!.query, /[?&]page=0(&|$)/);
      assert.deepEqual(emu.tenant.get(late)!.callbacks, [
        "https://hand.example.com/cb",
        "https://a20.eu.example.com/cb",
      ]);
    } finally {
      await emu.close();
    }
  });

  it("an application deleted by hand gives a clear failure, not a crash, and writes nothing", async () => {
    const emu = await tenantWith([{ name: "Storefront", callbacks: [] }]);
    try {
      const instances = storefront(["us"]);
      const session = connect(emu);
      const { changes } = applications.plan(instances, await applications.observe(session, instances));
      const id = ofField(emu, "Storefront").client_id;
      emu.tenant.remove(id);

      // Whether apply merges into its fresh observation (PATCH answers 404) or reads again (GET answers 404).
      for (const applying of [session, connect(emu)]) {
        const result = await applications.apply(applying, changes[0]!);
        assert.equal(result.status, "failed");
        assert.match(result.message ?? "", /Storefront.*no longer exists.*deleted after the plan/);
        assert.ok(result.message?.includes(`(${id})`), "the failure names the application");
      }
      assert.equal(emu.tenant.clients.size, 1);
    } finally {
      await emu.close();
    }
  });

  it("applying the same change twice writes once", async () => {
    const emu = await tenantWith([{ name: "Storefront" }]);
    try {
      const instances = storefront(["eu"]);
      const session = connect(emu);
      const { changes } = applications.plan(instances, await applications.observe(session, instances));
      emu.resetLog();
      const first = await applications.apply(session, changes[0]!);
      const again = await applications.apply(connect(emu), changes[0]!);
      assert.equal(first.status, "applied");
      assert.equal(again.status, "applied");
      assert.match(again.message ?? "", /already up to date/);
      assert.equal(writes(emu).length, 1);
    } finally {
      await emu.close();
    }
  });
});
