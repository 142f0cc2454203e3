import assert from "node:assert/strict";
import { it } from "node:test";
import { digestSecret, secretMatches } from "./secret-digest.js";

it("a digest matches its value only, and never contains it", async () => {
  const d = await digestSecret("s3cr3t-value");
  assert.equal(d.includes("s3cr3t-value"), false);
  assert.equal(await secretMatches("s3cr3t-value", d), true);
  assert.equal(await secretMatches("other", d), false);
  assert.equal(await secretMatches("s3cr3t-value", undefined), false);
  assert.equal(await secretMatches("s3cr3t-value", "garbage"), false);
});

it("the same value digests differently each time (random salt)", async () => {
  assert.notEqual(await digestSecret("v"), await digestSecret("v"));
});
