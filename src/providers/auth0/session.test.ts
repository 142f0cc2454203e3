import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ManagementError, ManagementTimeoutError } from "auth0";
import { describeError, retryable } from "./session-errors.js";
import { rateLimitInfo } from "./session-fetch.js";

describe("session helpers", () => {
  it("reads Auth0's rate-limit headers, reset in epoch seconds", () => {
    const headers = new Headers({
      "x-ratelimit-limit": "50",
      "x-ratelimit-remaining": "7",
      "x-ratelimit-reset": "1700000001",
    });
    assert.deepEqual(rateLimitInfo(headers), { limit: 50, remaining: 7, resetAt: 1_700_000_001_000 });
    assert.equal(rateLimitInfo(new Headers()), undefined);
  });

  it("retries 408, 429, 5xx, timeouts and network errors only", () => {
    const status = (statusCode?: number) => new ManagementError({ message: "x", statusCode });
    assert.ok(retryable(status(429)));
    assert.ok(retryable(status(503)));
    assert.ok(retryable(status(408)));
    assert.ok(retryable(status(undefined)));
    assert.ok(retryable(new ManagementTimeoutError("t")));
    assert.ok(!retryable(status(400)));
    assert.ok(!retryable(status(404)));
    assert.ok(!retryable(new Error("bug")));
  });

  it("describes errors from the body's message, without headers", () => {
    const error = new ManagementError({
      statusCode: 400,
      body: { message: "Payload validation error", errorCode: "invalid_body" },
    });
    assert.equal(describeError(error), "HTTP 400 invalid_body: Payload validation error");
  });
});
