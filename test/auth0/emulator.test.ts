import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ManagementClient } from "auth0";
import type { Auth0Emulator } from "../../emulators/auth0/index.js";
import { tenantWith } from "./helpers.js";

/** The emulator as the official SDK sees it, without regionsync in between. */
describe("auth0 emulator", () => {
  let emu: Auth0Emulator;
  let mgmt: ManagementClient;
  let id: string;
  before(async () => {
    emu = await tenantWith([{ name: "Storefront", client_metadata: { team: "web" } }], {
      rateLimit: { perSecond: 1000, burst: 1000 },
    });
    id = emu.tenant.byName("Storefront")[0]!.client_id;
    mgmt = new ManagementClient({
      domain: emu.domain,
      clientId: "id",
      clientSecret: "secret",
      maxRetries: 0,
      fetch: (u, init) => fetch(String(u).replace(`https://${emu.domain}`, emu.url), init),
    });
  });
  after(() => emu.close());

  const rejects = (body: Record<string, unknown>, pattern: RegExp) =>
    assert.rejects(
      mgmt.clients.update(id, body as never),
      (e: { statusCode?: number; body?: { errorCode?: string; message?: string } }) => {
        assert.equal(e.statusCode, 400);
        assert.equal(e.body?.errorCode, "invalid_body");
        assert.match(e.body?.message ?? "", pattern);
        return true;
      },
    );

  it("pages with totals in the object shape, without the global client", async () => {
    const page = await mgmt.clients.list({ per_page: 100, include_totals: true, is_global: false });
    assert.deepEqual(
      page.data.map((c) => c.name),
      ["Storefront"],
    );
    assert.equal(page.response.total, 1);
    assert.equal(page.response.start, 0);
    assert.equal(page.response.limit, 100);
  });

  it("sends x-ratelimit headers with the reset in epoch seconds", async () => {
    const { rawResponse } = await mgmt.clients.get(id).withRawResponse();
    const reset = Number(rawResponse.headers.get("x-ratelimit-reset"));
    assert.ok(rawResponse.headers.get("x-ratelimit-limit"));
    assert.ok(rawResponse.headers.get("x-ratelimit-remaining"));
    assert.ok(Math.abs(reset - Date.now() / 1000) < 5);
  });

  it("replaces arrays, merges client_metadata key by key and drops keys set to null", async () => {
    const updated = await mgmt.clients.update(id, {
      callbacks: ["https://a.example.com/cb"],
      client_metadata: { regionsync: "1:AAAAA" },
    });
    assert.deepEqual(updated.callbacks, ["https://a.example.com/cb"]);
    assert.deepEqual(updated.client_metadata, { team: "web", regionsync: "1:AAAAA" });
    const dropped = await mgmt.clients.update(id, { client_metadata: { regionsync: null } as never });
    assert.deepEqual(dropped.client_metadata, { team: "web" });
  });

  it("rejects unknown and read-only fields as Auth0 does", async () => {
    await rejects({ client_id: id }, /Additional properties not allowed/);
    await rejects({ callback: [] }, /callback/);
  });

  it("enforces the rules the description lacks: 100 URLs, wildcard placement, https origins, metadata limits", async () => {
    const many = Array.from({ length: 101 }, (_, i) => `https://r${i}.example.com/cb`);
    await rejects({ callbacks: many }, /maximum 100 on property callbacks/);
    await rejects({ callbacks: ["https://sub.*.example.com/cb"] }, /callback-url/);
    await rejects({ web_origins: ["https://*.com"] }, /url-with-placeholders/);
    await rejects({ initiate_login_uri: "http://app.example.com/login" }, /initiate_login_uri/);
    await rejects({ client_metadata: { long: "x".repeat(256) } }, /maximum 255/);
    const eleven = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, "v"]));
    await rejects({ client_metadata: eleven }, /maximum 10/);
  });

  it("answers 404 for an unknown client, 401 without a token, and 429 over the limit", async () => {
    await assert.rejects(mgmt.clients.get("nope"), { statusCode: 404 });
    const bare = await fetch(`${emu.url}/api/v2/clients`);
    assert.equal(bare.status, 401);
    assert.ok(bare.headers.get("x-ratelimit-remaining"));
    const refused = await fetch(`${emu.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "client_credentials", client_id: "", client_secret: "" }),
    });
    assert.equal(refused.status, 401);

    emu.setRateLimit({ perSecond: 0.001, burst: 1 });
    try {
      await mgmt.clients.get(id);
      await assert.rejects(mgmt.clients.get(id), { statusCode: 429 });
    } finally {
      emu.setRateLimit(undefined);
    }
  });
});
