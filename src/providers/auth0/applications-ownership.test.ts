import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeOwnership, mergeMetadata, ownershipToken, readOwnership } from "./applications-ownership.js";

describe("ownership record", () => {
  it("round-trips tokens through client_metadata within Auth0's limits", () => {
    const tokens = Array.from({ length: 120 }, (_, i) => ownershipToken("callbacks", `https://r${i}.example.com/cb`));
    const result = encodeOwnership(tokens, { team: "identity" });
    assert.ok("update" in result);
    const meta = mergeMetadata({ team: "identity" }, result.update);
    assert.equal(Object.keys(meta).length, 4);
    for (const value of Object.values(meta)) assert.ok(value.length <= 255);
    assert.deepEqual([...readOwnership(meta)].sort(), [...new Set(tokens)].sort());
  });

  it("distinguishes lists and writes nothing when the record is unchanged", () => {
    assert.notEqual(
      ownershipToken("callbacks", "https://a.example"),
      ownershipToken("web_origins", "https://a.example"),
    );
    const first = encodeOwnership(["AAAAA", "BBBBB"], {});
    assert.ok("update" in first);
    const again = encodeOwnership(["BBBBB", "AAAAA"], mergeMetadata({}, first.update));
    assert.deepEqual(again, { update: {} });
  });

  it("removes keys it no longer needs and refuses to exceed 10 keys", () => {
    const removed = encodeOwnership([], { regionsync: "1:AAAAA", regionsync_2: "1:BBBBB", other: "x" });
    assert.deepEqual(removed, { update: { regionsync: null, regionsync_2: null } });
    const full = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, "v"]));
    assert.ok("error" in encodeOwnership(["AAAAA"], full));
  });

  it("ignores values in an unknown format, so nothing is taken for ours", () => {
    assert.equal(readOwnership({ regionsync: "2:AAAAA" }).size, 0);
    assert.equal(readOwnership({ regionsync_x: "1:AAAAA" }).size, 0);
  });
});
