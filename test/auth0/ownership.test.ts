import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Auth0Emulator } from "../../emulators/auth0/index.js";
import { app, connect, ofField, run, storefront, tenantWith, writes } from "./helpers.js";

describe("auth0: URLs added by hand are never removed", () => {
  let emu: Auth0Emulator;
  before(async () => {
    emu = await tenantWith([
      {
        name: "Storefront",
        callbacks: ["https://app.example.com/callback", "http://localhost:3000/callback"],
        allowed_logout_urls: ["https://app.example.com/logout", "https://eu.example.com/logout"],
        web_origins: ["https://app.example.com"],
        allowed_origins: ["https://app.example.com"],
        client_metadata: { team: "storefront" },
      },
    ]);
  });
  after(() => emu.close());

  it("adds eu, leaves the hand-added URLs, then converges without writing", async () => {
    const first = await run(connect(emu), storefront(["us", "eu"]));
    assert.deepEqual(first.diagnostics, []);
    assert.deepEqual(
      first.changes.map((c) => c.action),
      ["update"],
    );
    assert.ok(first.results.every((r) => r.status === "applied"));
    const client = ofField(emu, "Storefront");
    assert.deepEqual(client.callbacks, [
      "https://app.example.com/callback",
      "http://localhost:3000/callback",
      "https://eu.example.com/callback",
    ]);
    assert.deepEqual(client.allowed_logout_urls, ["https://app.example.com/logout", "https://eu.example.com/logout"]);
    assert.equal((client.client_metadata as Record<string, string>).team, "storefront");

    emu.resetLog();
    const second = await run(connect(emu), storefront(["us", "eu"]));
    assert.deepEqual(second.changes, []);
    assert.deepEqual(writes(emu), []);
  });

  it("removing eu removes only the eu URLs regionsync added", async () => {
    const { changes, results } = await run(connect(emu), storefront(["us"]));
    assert.deepEqual(
      changes.map((c) => [c.action, c.delete_count]),
      [["delete", 3]],
    );
    assert.deepEqual(
      changes[0]!.diffs.map((d) => `${d.op} ${d.path} ${String(d.before)}`),
      [
        "remove callbacks https://eu.example.com/callback",
        "remove web_origins https://eu.example.com",
        "remove allowed_origins https://eu.example.com",
      ],
    );
    assert.equal(results[0]!.status, "applied");
    const client = ofField(emu, "Storefront");
    assert.deepEqual(client.callbacks, ["https://app.example.com/callback", "http://localhost:3000/callback"]);
    // Added by a person before regionsync ran: it looks like ours, but it is not.
    assert.deepEqual(client.allowed_logout_urls, ["https://app.example.com/logout", "https://eu.example.com/logout"]);
    assert.deepEqual(client.client_metadata, { team: "storefront" });
  });

  it("a URL a person adds after regionsync's run survives the next runs", async () => {
    await run(connect(emu), storefront(["us", "eu"]));
    emu.tenant.edit(ofField(emu, "Storefront").client_id, {
      callbacks: [...(ofField(emu, "Storefront").callbacks as string[]), "https://preview.example.com/callback"],
    });
    await run(connect(emu), storefront(["us", "eu"]));
    await run(connect(emu), storefront(["us"]));
    assert.ok((ofField(emu, "Storefront").callbacks as string[]).includes("https://preview.example.com/callback"));
    assert.ok(!(ofField(emu, "Storefront").callbacks as string[]).includes("https://eu.example.com/callback"));
  });
});

describe("auth0: a changed template replaces only what regionsync added", () => {
  it("removes the old URL and adds the new one, and clears an initiate_login_uri it set", async () => {
    const emu = await tenantWith([{ name: "Admin Console", callbacks: ["https://admin.example.com/old"] }]);
    try {
      const v1 = app("Admin Console", "eu", {
        callbacks: ["https://admin.eu.example.com/auth/callback"],
        initiate_login_uri: "https://admin.eu.example.com/login",
      });
      await run(connect(emu), [v1]);
      const v2 = app("Admin Console", "eu", { callbacks: ["https://admin.eu.example.com/oauth/callback"] });
      const { changes } = await run(connect(emu), [v2]);
      assert.deepEqual(
        changes.map((c) => c.action),
        ["update", "delete"],
      );
      assert.equal(changes[0]!.target, changes[1]!.target);
      const client = ofField(emu, "Admin Console");
      assert.deepEqual(client.callbacks, [
        "https://admin.example.com/old",
        "https://admin.eu.example.com/oauth/callback",
      ]);
      assert.equal(client.initiate_login_uri, undefined);
    } finally {
      await emu.close();
    }
  });

  it("keeps an initiate_login_uri a person set when the declaration drops it", async () => {
    const emu = await tenantWith([{ name: "Portal", initiate_login_uri: "https://portal.example.com/login" }]);
    try {
      const { changes } = await run(connect(emu), [
        app("Portal", "us", { callbacks: ["https://portal.example.com/cb"] }),
      ]);
      assert.deepEqual(
        changes.map((c) => c.action),
        ["update"],
      );
      assert.equal(ofField(emu, "Portal").initiate_login_uri, "https://portal.example.com/login");
    } finally {
      await emu.close();
    }
  });
});
