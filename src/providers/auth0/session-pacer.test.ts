import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BucketPacer } from "./session-pacer.js";

describe("BucketPacer", () => {
  it("lets requests through until the reserve, then spaces them at the refill rate", () => {
    let now = 1_000_000;
    const pacer = new BucketPacer(5, () => now);
    assert.equal(pacer.delayForNext(), 0);
    // 20 of 50 tokens left (20.x, rounded down), full again in 2 s: at least 29 tokens refill in 2 s.
    pacer.update({ limit: 50, remaining: 20, resetAt: now + 2000 });
    const delays = Array.from({ length: 18 }, () => pacer.delayForNext());
    assert.deepEqual(delays.slice(0, 15), Array(15).fill(0));
    assert.ok(delays.slice(15).every((d, i) => Math.abs(d - i * (2000 / 29)) < 1));
    now += 1000;
    assert.equal(pacer.delayForNext(), 0);
  });

  it("waits after a 429's empty bucket, and ignores responses without headers", () => {
    const now = 5_000_000;
    const pacer = new BucketPacer(5, () => now);
    pacer.update(undefined);
    pacer.update({ limit: 50, remaining: 0, resetAt: now + 1000 });
    assert.ok(pacer.delayForNext() >= 0);
    assert.ok(pacer.delayForNext() > 0);
  });

  it("keeps a smaller reserve in a small bucket", () => {
    const now = 7_000_000;
    const pacer = new BucketPacer(5, () => now);
    pacer.update({ limit: 4, remaining: 2, resetAt: now + 1000 });
    assert.equal(pacer.delayForNext(), 0);
    assert.equal(pacer.delayForNext(), 0);
    assert.ok(pacer.delayForNext() >= 0);
    assert.ok(pacer.delayForNext() > 0);
  });

  it("takes requests still in flight off an answer's remaining tokens, and ignores an answer older than one counted", () => {
    const now = 9_000_000;
    const free = (pacer: BucketPacer) => {
      let n = 0;
      while (pacer.delayForNext() === 0 && n < 50) n++;
      return n;
    };
    const pacer = new BucketPacer(2, () => now);
    for (let i = 0; i < 3; i++) assert.equal(pacer.delayForNext(), 0);
    // Tickets 0, 1 and 2 are out; the answer to 0 says 6 remain, which cannot count 1 and 2: 4 are left, 2 above the
    // reserve, then the first spaced slot is due at once.
    pacer.update({ limit: 50, remaining: 6, resetAt: now + 1000 }, now, 0);
    assert.equal(free(pacer), 3);

    const late = new BucketPacer(2, () => now);
    late.delayForNext();
    late.delayForNext();
    late.update({ limit: 50, remaining: 3, resetAt: now + 1000 }, now, 1);
    // The answer to ticket 0 arrives after the answer to ticket 1 was counted: it is older, so it frees nothing.
    late.update({ limit: 50, remaining: 40, resetAt: now + 1000 }, now, 0);
    assert.equal(free(late), 2);
  });
});
