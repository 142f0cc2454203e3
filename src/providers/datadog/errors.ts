/** Reading the SDK's errors: `ApiException` carries the HTTP status and Datadog's `{errors: [...]}` body. */
import { client } from "./sdk.js";

export function statusOf(error: unknown): number | undefined {
  return error instanceof client.ApiException ? (error.code as number) : undefined;
}

/** Datadog's own reasons, e.g. "In message: unbalanced braces"; never request headers, so never a key. */
export function reasonsOf(error: unknown): string[] {
  if (error instanceof client.ApiException) {
    const body = error.body as { errors?: unknown } | undefined;
    if (body && Array.isArray(body.errors)) return body.errors.map(String);
    return [`HTTP ${error.code}`];
  }
  return [error instanceof Error ? error.message : String(error)];
}

export function describeError(error: unknown): string {
  return reasonsOf(error).join("; ");
}
