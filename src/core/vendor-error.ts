/**
 * How a failed vendor request is reported: status, error code and the first line of the vendor's message, bounded,
 * with labelled credentials masked. Never the body as a whole: some gateways and proxies answer with the request they
 * refused, credentials included. (Outputs still pass the redactor, which knows the values.)
 */
import { maskLabelledCredentials } from "./redact.js";

/** The longest vendor message kept in a summary. */
export const MAX_VENDOR_MESSAGE = 200;

/** The first line of `text`, trimmed and cut to `max` characters. */
export function firstLine(text: string, max = MAX_VENDOR_MESSAGE): string {
  const line = (text.split(/\r?\n/, 1)[0] ?? "").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A vendor's error answer, as much of it as a summary uses. */
export interface VendorAnswer {
  status?: number;
  /** The vendor's machine-readable error code (`invalid_body`, `access_denied`). */
  code?: string;
  message?: string;
}

/** `HTTP 401 access_denied: Unauthorized`. */
export function vendorErrorLine({ status, code, message }: VendorAnswer): string {
  const detail = message ? maskLabelledCredentials(firstLine(message)) : "";
  return [`HTTP ${status ?? "error"}`, code ? ` ${firstLine(code, 60)}` : "", detail ? `: ${detail}` : ""].join("");
}

/** A string field of an error body, if it has one. */
export function textField(body: unknown, key: string): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/**
 * A failed vendor request as providers rethrow it: a one-line message, and the HTTP status when an answer came.
 * It replaces the SDK's error, whose message or fields may hold the whole answer.
 */
export class VendorRequestError extends Error {
  override name = "VendorRequestError";
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
