/**
 * What every GitHub request goes through besides Octokit's own plugins: a timeout, the registration of every
 * credential it carries or mints (so no output can show one), and errors cut to one line.
 */
import { registerAuthorization, registerGrantedToken } from "../../core/credentials.js";
import type { RequestCounter } from "../../core/request-counter.js";
import type { SecretSink } from "../../core/types.js";
import { describeCause, textField, VendorRequestError, vendorErrorLine } from "../../core/vendor-error.js";

export interface GuardOptions {
  timeoutMs: number;
  secrets: SecretSink;
  requests: RequestCounter;
  /** The connect context's fetch (the operator's proxy applied). */
  fetch: typeof fetch;
}

/**
 * The fetch Octokit is given, the App-token mint included. A request that takes longer than `timeoutMs` fails as a
 * network error would (Octokit reports status 500), so it is retried where that is safe.
 */
export function guardedFetch({ timeoutMs, secrets, requests, fetch }: GuardOptions): typeof fetch {
  return async (input, init) => {
    registerAuthorization(init?.headers, secrets);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    requests.sent();
    const response = await fetch(input, { ...init, signal });
    if (isRateLimitAnswer(response)) requests.rateLimited();
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (response.ok && /\/access_tokens$/.test(new URL(url).pathname)) {
      await registerGrantedToken(response, "token", secrets);
    }
    return response;
  };
}

/** GitHub answers a hit limit with 429, or with 403 and `retry-after` or an exhausted `x-ratelimit-remaining`. */
function isRateLimitAnswer(response: Response): boolean {
  if (response.status === 429) return true;
  const { headers } = response;
  return response.status === 403 && (headers.has("retry-after") || headers.get("x-ratelimit-remaining") === "0");
}

interface FailedRequest {
  status?: number;
  message?: string;
  response?: { data?: unknown };
}

/** The route without host or query: the template (`/repos/{owner}/{repo}/hooks`) or a next page's path. */
function routeOf(options: { method?: string; url?: string }): string {
  const url = options.url ?? "";
  return `${options.method ?? "GET"} ${/^https?:/.test(url) ? new URL(url).pathname : url}`;
}

/**
 * One line for a failed request: status, GitHub's message and its first validation error. Never the body whole:
 * GitHub's own bodies are short, but a proxy's answer may repeat the request.
 */
export function summarizeError(error: unknown, options: { method?: string; url?: string }): VendorRequestError {
  if (error instanceof VendorRequestError) return error;
  const failed = (error ?? {}) as FailedRequest;
  const route = routeOf(options);
  if (!failed.response) {
    const reason = describeCause(error);
    return new VendorRequestError(`GitHub ${route}: no answer (${reason})`, failed.status);
  }
  const data = failed.response.data;
  const errors = (data as { errors?: unknown[] } | undefined)?.errors;
  const first = Array.isArray(errors) ? errors[0] : undefined;
  const message = textField(data, "message");
  const detail = textField(first, "message") ?? textField(first, "code");
  const line = vendorErrorLine({
    status: failed.status,
    message: message && detail ? `${message} (${detail})` : (message ?? detail),
  });
  return new VendorRequestError(`GitHub ${route}: ${line}`, failed.status);
}
