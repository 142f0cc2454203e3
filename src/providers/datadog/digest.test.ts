import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canonicalJson, digestOf, keyFingerprint } from "./digest.js";

describe("digests", () => {
  it("do not depend on key order", () => {
    assert.equal(canonicalJson({ b: 1, a: { d: 2, c: 3 } }), '{"a":{"c":3,"d":2},"b":1}');
    assert.equal(digestOf({ b: 1, a: 2 }), digestOf({ a: 2, b: 1 }));
  });

  it("fingerprint a key per owner and never contain it", () => {
    const key = "0123456789abcdef0123456789abcdef";
    assert.notEqual(keyFingerprint("pagerduty:a", key), keyFingerprint("pagerduty:b", key));
    assert.equal(keyFingerprint("pagerduty:a", key), keyFingerprint("pagerduty:a", key));
    assert.ok(!key.includes(keyFingerprint("pagerduty:a", key)));
  });
});
