/** What a failed Auth0 request means: whether to retry it, how long to wait, and one line that says what happened. */
import { ManagementError, ManagementTimeoutError } from "auth0";
import { backoffMs } from "../../core/retry.js";
import { firstLine, textField, VendorRequestError, vendorErrorLine } from "../../core/vendor-error.js";
import { NETWORK_FAILURE, rateLimitInfo } from "./session-fetch.js";

export function statusOf(error: unknown): number | undefined {
  if (error instanceof VendorRequestError) return error.status;
  return error instanceof ManagementError ? error.statusCode : undefined;
}

/** 408, 429, 5xx, timeouts and network errors (a ManagementError without a status) may succeed on another try. */
export function retryable(error: unknown): boolean {
  if (error instanceof ManagementTimeoutError) return true;
  if (!(error instanceof ManagementError)) return false;
  const status = error.statusCode;
  return status === undefined || status === 408 || status === 429 || status >= 500;
}

/**
 * How long to wait after a 429: `Retry-After` when given, else the time the bucket takes to refill one token (from
 * `x-ratelimit-*`), at least the exponential backoff so repeated 429s (another tool sharing the limit) back off.
 */
export function hintedDelay(error: unknown, attempt: number, baseMs: number, now: number): number | undefined {
  if (!(error instanceof ManagementError) || error.statusCode !== 429) return undefined;
  const headers = error.rawResponse?.headers;
  const retryAfter = Number(headers?.get("retry-after"));
  if (retryAfter > 0) return retryAfter * 1000;
  const info = headers ? rateLimitInfo(headers) : undefined;
  if (!info || info.resetAt <= now) return undefined;
  const untilFull = info.resetAt - now;
  const oneToken = untilFull / Math.max(1, info.limit - info.remaining);
  return Math.min(untilFull, Math.max(oneToken, backoffMs(attempt, baseMs)));
}

/**
 * One line for a failed request: status, error code and the first line of the message, from the Management API's
 * `{message, errorCode}` or the token endpoint's `{error, error_description}`. Never the body, never headers.
 */
export function describeError(error: unknown): string {
  if (error instanceof VendorRequestError) return error.message;
  if (error instanceof ManagementTimeoutError) return "the request timed out";
  if (error instanceof ManagementError) {
    const body = error.body;
    const message = textField(body, "message") ?? textField(body, "error_description");
    if (error.statusCode === undefined || error.statusCode === NETWORK_FAILURE) {
      return `network error (${firstLine(message ?? error.message)})`;
    }
    const code = textField(body, "errorCode") ?? textField(body, "error");
    return vendorErrorLine({ status: error.statusCode, code, message });
  }
  return error instanceof Error ? firstLine(error.message) : String(error);
}

/** The error a session call throws once retries are spent: its one-line description, and the status. */
export function summarized(error: unknown): Error {
  if (error instanceof VendorRequestError) return error;
  if (!(error instanceof ManagementError) && !(error instanceof ManagementTimeoutError)) return error as Error;
  return new VendorRequestError(describeError(error), statusOf(error));
}
