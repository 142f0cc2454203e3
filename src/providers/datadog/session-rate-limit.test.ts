import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rateLimitInfo } from "./session-rate-limit.js";

describe("rateLimitInfo", () => {
  it("reads x-ratelimit-reset as seconds from now, not as an epoch time", () => {
    const info = rateLimitInfo(
      {
        "x-ratelimit-limit": "100",
        "x-ratelimit-remaining": "7",
        "x-ratelimit-reset": "4",
        "x-ratelimit-period": "10",
      },
      1_000_000,
    );
    assert.deepEqual(info, { limit: 100, remaining: 7, resetAt: 1_004_000 });
  });

  it("takes the calendar-aligned boundary when the rounded reset points at it", () => {
    const headers = { "x-ratelimit-limit": "10", "x-ratelimit-remaining": "3", "x-ratelimit-period": "2" };
    assert.equal(rateLimitInfo({ ...headers, "x-ratelimit-reset": "1" }, 10_400)?.resetAt, 12_000);
    assert.equal(rateLimitInfo({ ...headers, "x-ratelimit-reset": "30" }, 10_400)?.resetAt, 40_400);
  });

  it("ignores answers without the headers", () => {
    assert.equal(rateLimitInfo({}, 0), undefined);
  });
});
