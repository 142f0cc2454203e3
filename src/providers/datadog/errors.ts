/**
 * Datadog's answers to a failed request, as the session's clients throw them: the HTTP status and Datadog's own
 * reasons (`{errors: [...]}`), never request headers, so never a key. Kinds read them without loading the SDK.
 */
export class DatadogApiError extends Error {
  constructor(
    readonly status: number,
    readonly reasons: string[],
  ) {
    super(reasons.join("; "));
    this.name = "DatadogApiError";
  }
}

export function statusOf(error: unknown): number | undefined {
  return error instanceof DatadogApiError ? error.status : undefined;
}

/** Datadog's own reasons, e.g. "In message: unbalanced braces". */
export function reasonsOf(error: unknown): string[] {
  if (error instanceof DatadogApiError) return error.reasons;
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
