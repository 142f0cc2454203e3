/**
 * Datadog's answers to a failed request, as the session's clients throw them: the HTTP status and Datadog's own
 * reasons (`{errors: [...]}`), each cut to its first line with labelled credentials masked, never the body whole and
 * never request headers. Kinds read them without loading the SDK.
 */

import { maskLabelledCredentials } from "../../core/redact.js";
import { firstLine, VendorRequestError, vendorErrorLine } from "../../core/vendor-error.js";

/** Datadog lists every problem of a monitor; a summary keeps the first few. */
const MAX_REASONS = 5;

export class DatadogApiError extends VendorRequestError {
  override name = "DatadogApiError";
  readonly reasons: string[];
  constructor(status: number, reasons: string[], code?: string) {
    const kept = reasons.slice(0, MAX_REASONS).map((r) => maskLabelledCredentials(firstLine(r)));
    super(`Datadog ${vendorErrorLine({ status, code, message: kept.join("; ") })}`, status);
    this.reasons = kept;
  }
}

export function statusOf(error: unknown): number | undefined {
  return error instanceof VendorRequestError ? error.status : undefined;
}

/** Datadog's own reasons, e.g. "In message: unbalanced braces"; a failure without an answer says what happened. */
export function reasonsOf(error: unknown): string[] {
  if (error instanceof DatadogApiError && error.reasons.length > 0) return error.reasons;
  return [error instanceof Error ? error.message : String(error)];
}

export function describeError(error: unknown): string {
  return reasonsOf(error).join("; ");
}

/** Deleting what is already gone succeeds: apply is idempotent. */
export async function unlessGone(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
}

/** A payload field the plan sets for this action; missing only if the plan was not made by this provider. */
export function planned<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new Error(`the change's payload has no ${field}; plan again`);
  return value;
}

/**
 * After a 5xx, a lost answer or a timeout, a create may have happened all the same (a 429 means it was not done, and
 * the transport retries it).
 */
export const ambiguous = (error: unknown): boolean => {
  if (!(error instanceof VendorRequestError)) return false;
  return error.status === undefined || error.status >= 500;
};

/** A request that got no answer within the timeout; Datadog may still be carrying it out. */
export const timedOut = (error: unknown): boolean => (error as { timedOut?: unknown } | undefined)?.timedOut === true;
