import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applicationsKind } from "../../src/providers/auth0/applications.js";
import { auth0Provider } from "../../src/providers/auth0/index.js";
import { accountFor, app, applications, connect, ofField, run, storefront, tenantWith, writes } from "./helpers.js";

const hand = (n: number) => Array.from({ length: n }, (_, i) => `https://tenant${i}.example.com/callback`);

describe("auth0: a list at Auth0's limit of 100 URLs", () => {
  it("fills a list up to exactly 100", async () => {
    const emu = await tenantWith([{ name: "Storefront", callbacks: hand(99) }]);
    try {
      const { diagnostics, results } = await run(connect(emu), [
        app("Storefront", "eu", { callbacks: ["https://eu.example.com/callback"] }),
      ]);
      assert.deepEqual(diagnostics, []);
      assert.equal(results[0]!.status, "applied");
      assert.equal((ofField(emu, "Storefront").callbacks as string[]).length, 100);
    } finally {
      await emu.close();
    }
  });

  it("refuses a plan that would go over it, naming the application and the list, and writes nothing", async () => {
    const emu = await tenantWith([{ name: "Storefront", callbacks: hand(100) }]);
    try {
      const { changes, diagnostics } = await run(connect(emu), storefront(["eu"]));
      assert.deepEqual(changes, []);
      assert.equal(diagnostics.length, 1);
      assert.equal(diagnostics[0]!.severity, "error");
      assert.match(diagnostics[0]!.message, /'Storefront'.*callbacks would hold 101 URLs/);
      assert.deepEqual(writes(emu), []);
    } finally {
      await emu.close();
    }
  });

  it("fails apply before writing when the list filled up after the plan", async () => {
    const emu = await tenantWith([{ name: "Storefront", callbacks: hand(99) }]);
    try {
      const instances = [app("Storefront", "eu", { callbacks: ["https://eu.example.com/callback"] })];
      const session = connect(emu);
      const { changes } = applications.plan(instances, await applications.observe(session, instances));
      emu.tenant.edit(ofField(emu, "Storefront").client_id, { callbacks: hand(100) });
      const result = await applications.apply(connect(emu), changes[0]!);
      assert.equal(result.status, "failed");
      assert.match(result.message ?? "", /callbacks would hold 101 URLs.*Nothing was written/);
      assert.deepEqual(writes(emu), []);
    } finally {
      await emu.close();
    }
  });

  it("validate refuses more than 100 declared URLs in the merged application, and bad URLs", () => {
    const many = Array.from({ length: 51 }, (_, i) => `https://r${i}.example.com/cb`);
    const instances = [
      app("Admin Console", "us", { callbacks: many }),
      app("Admin Console", "eu", { callbacks: many.map((u) => u.replace("r", "e")) }),
      app("Storefront", "eu", { web_origins: ["http://eu.example.com", "https://*.com"] }),
    ];
    const fakeEmu = { url: "http://127.0.0.1:1", domain: "example.auth0.com" } as Parameters<typeof accountFor>[0];
    const messages = [
      ...(auth0Provider.validate?.(instances, [accountFor(fakeEmu)]) ?? []),
      ...(applicationsKind.validate?.(instances, []) ?? []),
    ]
      .map((d) => d.message)
      .sort();
    assert.equal(messages.length, 3);
    assert.match(messages[0]!, /'Admin Console'.*102 callbacks, over Auth0's limit of 100/);
    assert.match(messages[1]!, /'Storefront', web_origins: 'http:\/\/eu.example.com' must use https/);
    assert.match(messages[2]!, /'Storefront', web_origins: 'https:\/\/\*.com' needs at least two labels/);
  });
});
