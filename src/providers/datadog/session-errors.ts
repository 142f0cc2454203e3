/**
 * What a failed Datadog request becomes: an answer is summarised from Datadog's `{errors: [...]}` (or, from a proxy or
 * gateway, its `message`/`error` fields), never echoed; a request without an answer keeps its cause, so a DNS or TLS
 * failure reads as one.
 */
import { firstLine, textField } from "../../core/vendor-error.js";
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

interface Failure {
  name?: string;
  message?: string;
  code?: unknown;
  cause?: unknown;
}

/**
 * Why a request got no answer, from the innermost cause fetch gives (`getaddrinfo ENOTFOUND api.datadoghq.com`,
 * `certificate has expired (CERT_HAS_EXPIRED)`, `other side closed (UND_ERR_SOCKET)`).
 */
export function networkReason(cause: unknown, timeoutMs: number): string {
  let failure = cause as Failure | undefined;
  while (failure && typeof failure === "object" && failure.cause && typeof failure.cause === "object") {
    if (failure.name === "TimeoutError") break;
    failure = failure.cause as Failure;
  }
  if (failure?.name === "TimeoutError") return `timed out after ${timeoutMs} ms`;
  const message = firstLine(String(failure?.message ?? cause), 160);
  const code = typeof failure?.code === "string" ? failure.code : undefined;
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
