import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeLedger, encodeLedger, type Ledger } from "./ledger-record.js";

describe("ledger record", () => {
  const ledger: Ledger = {
    keys: { "pagerduty:Platform-eu": { fingerprint: "0123456789abcdef", declaration: "datadog/x", region: "eu" } },
    rules: { "rule-1": { name: "Route eu", region: "eu" } },
  };

  it("survives a round trip through a monitor message, which Datadog trims", () => {
    assert.deepEqual(decodeLedger(`  ${encodeLedger(ledger)}\n`), ledger);
  });

  it("contains no braces, which Datadog would read as template variables", () => {
    assert.ok(!/[{}]/.test(encodeLedger(ledger)));
  });

  it("reads an edited or foreign message as no ledger", () => {
    assert.equal(decodeLedger("someone's monitor message"), undefined);
    assert.equal(decodeLedger("regionsync-ledger:not-base64-json"), undefined);
  });
});
