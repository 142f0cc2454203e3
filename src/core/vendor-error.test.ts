import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { describeCause } from "./vendor-error.js";

const failure = (url: string) =>
  fetch(url).then(
    () => assert.fail("answered"),
    (error: unknown) => error,
  );

describe("describeCause", () => {
  it("names what fetch's cause chain knows: a refused connection, a TLS error, a host not found", async () => {
    const plain = createServer((_req, res) => res.end("not tls"));
    await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
    const { port } = plain.address() as AddressInfo;
    try {
      const tls = await failure(`https://127.0.0.1:${port}/`);
      assert.equal(describeCause(tls), "ERR_SSL_WRONG_VERSION_NUMBER: wrong version number");
    } finally {
      await new Promise((resolve) => plain.close(resolve));
    }
    assert.equal(describeCause(await failure(`http://127.0.0.1:${port}/`)), `connect ECONNREFUSED 127.0.0.1:${port}`);
    // What undici throws when the name does not resolve (no resolver is asked here).
    const lookup = Object.assign(new Error("getaddrinfo ENOTFOUND api.example.invalid"), { code: "ENOTFOUND" });
    assert.equal(describeCause(new TypeError("fetch failed", { cause: lookup })), lookup.message);
    const expired = Object.assign(new Error("certificate has expired"), { code: "CERT_HAS_EXPIRED" });
    assert.equal(
      describeCause(new TypeError("fetch failed", { cause: expired })),
      "CERT_HAS_EXPIRED: certificate has expired",
    );
    assert.equal(describeCause(new Error("plain")), "plain");
    assert.equal(describeCause("text"), "text");
  });
});
