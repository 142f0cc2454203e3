/**
 * What a failed Datadog request becomes: an answer is summarised from Datadog's `{errors: [...]}` (or, from a proxy or
 * gateway, its `message`/`error` fields), never echoed; a request without an answer keeps its cause, so a DNS or TLS
 * failure reads as one.
 */
import { describeCause, textField } from "../../core/vendor-error.js";
import { DatadogApiError } from "./errors.js";
import { client } from "./session-sdk.js";

/** The SDK's error for a refused request as a `DatadogApiError`; anything else unchanged. */
export function summarised(error: unknown): unknown {
  if (!(error instanceof client.ApiException)) return error;
  const body: unknown = error.body;
  const listed = (body as { errors?: unknown } | undefined)?.errors;
  if (Array.isArray(listed)) return new DatadogApiError(error.code, listed.map(String));
  const message = textField(body, "message") ?? textField(body, "error_description");
  const code = textField(body, "error") ?? textField(body, "code");
  return new DatadogApiError(error.code, message ? [message] : [], code);
}

/**
 * Why a request got no answer: the timeout, or the innermost cause fetch gives (`getaddrinfo ENOTFOUND
 * api.datadoghq.com`, `CERT_HAS_EXPIRED: certificate has expired`, `UND_ERR_SOCKET: other side closed`).
 */
export function networkReason(cause: unknown, timeoutMs: number): string {
  if (cause instanceof Error && cause.name === "TimeoutError") return `timed out after ${timeoutMs} ms`;
  return describeCause(cause);
}
