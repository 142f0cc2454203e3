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

/**
 * Why a request got no answer, from the deepest cause that says: `ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9`,
 * `ENOTFOUND: getaddrinfo ENOTFOUND api.example`, `CERT_HAS_EXPIRED: certificate has expired`. fetch itself only says
 * "fetch failed"; what went wrong is in its cause chain.
 */
export function describeCause(error: unknown): string {
  const chain: Array<{ code?: unknown; message?: unknown }> = [];
  for (let e = error; e && typeof e === "object" && !chain.includes(e) && chain.length < 10; ) {
    chain.push(e);
    e = (e as { cause?: unknown }).cause;
  }
  const told =
    chain.filter((e) => typeof e.code === "string").at(-1) ??
    chain.filter((e) => typeof e.message === "string" && e.message).at(-1);
  if (!told) return firstLine(String(error));
  const text = typeof told.message === "string" ? told.message : "";
  // OpenSSL's `…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:file:line:` says its reason fourth.
  const message = firstLine(text.match(/error:[0-9A-F]+:[^:]*:[^:]*:([^:]+):/)?.[1] ?? text);
  const code = typeof told.code === "string" ? told.code : "";
  if (!code || message.includes(code)) return message || code;
  return message ? `${code}: ${message}` : code;
}
