/** Datadog's `x-ratelimit-*` headers, translated for the shared `RatePacer`. */
import type { RateLimitInfo } from "../../core/retry.js";

/**
 * Reads Datadog's headers. `x-ratelimit-reset` counts whole seconds until the window resets (not an epoch time); as
 * windows are calendar-aligned to `x-ratelimit-period`, the boundary it points at is taken to the millisecond when the
 * clocks agree within that second, so short windows are not wasted waiting for a rounded-up reset.
 */
export function rateLimitInfo(headers: Record<string, string>, now: number): RateLimitInfo | undefined {
  if (headers["x-ratelimit-limit"] === undefined) return undefined;
  const limit = Number(headers["x-ratelimit-limit"]);
  const remaining = Number(headers["x-ratelimit-remaining"]);
  const reset = Number(headers["x-ratelimit-reset"]);
  if (![limit, remaining, reset].every(Number.isFinite)) return undefined;
  let resetAt = now + reset * 1000;
  const periodMs = Number(headers["x-ratelimit-period"]) * 1000;
  if (periodMs > 0) {
    const boundary = Math.ceil(now / periodMs) * periodMs;
    if (Math.abs(boundary - resetAt) <= 1000) resetAt = boundary;
  }
  return { limit, remaining, resetAt };
}
