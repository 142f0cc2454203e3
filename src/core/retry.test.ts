import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RatePacer } from "./retry.js";

describe("RatePacer", () => {
  it("lets requests through while plenty of the window remains", () => {
    const pacer = new RatePacer(2, () => 1_000);
    pacer.update({ limit: 100, remaining: 90, resetAt: 11_000 });
    assert.deepEqual([pacer.delayForNext(), pacer.delayForNext()], [0, 0]);
  });

  it("spreads the rest of the budget over the time left", () => {
    const pacer = new RatePacer(2, () => 1_000);
    pacer.update({ limit: 100, remaining: 12, resetAt: 11_000 });
    const delays = [pacer.delayForNext(), pacer.delayForNext(), pacer.delayForNext()].map(Math.round);
    assert.deepEqual(delays, [0, 1_000, 2_111]);
  });

  it("holds every caller until the reset once the window is spent, not one window per caller", () => {
    const pacer = new RatePacer(2, () => 1_000);
    pacer.update({ limit: 100, remaining: 2, resetAt: 4_000 });
    assert.deepEqual(
      Array.from({ length: 4 }, () => pacer.delayForNext()),
      [3_000, 3_000, 3_000, 3_000],
    );
  });
});
