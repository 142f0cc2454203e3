import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SharedReads } from "./shared-reads.js";

describe("shared reads", () => {
  it("are made once per round however many kinds take them, and again for the next round", async () => {
    const reads = new SharedReads();
    let loads = 0;
    const load = async () => ++loads;
    assert.deepEqual(await Promise.all(["a", "b", "c"].map((kind) => reads.get("owned", kind, load))), [1, 1, 1]);
    assert.equal(await reads.get("owned", "b", load), 2, "a kind asking again starts the next round");
    assert.equal(await reads.get("owned", "a", load), 2);
    assert.equal(await reads.get("other", "a", async () => "x"), "x", "reads are shared by name");
  });

  it("do not share a failed read", async () => {
    const reads = new SharedReads();
    await assert.rejects(
      reads.get("owned", "a", () => Promise.reject(new Error("lost"))),
      /lost/,
    );
    assert.equal(await reads.get("owned", "b", async () => "ok"), "ok");
  });
});
