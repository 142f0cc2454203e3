/**
 * The fetch the SDK is given. It reaches the tenant (or `endpoint`), paces every request by the `x-ratelimit-*`
 * headers, registers every credential it sends or receives so no output can show it, and keeps the token endpoint's
 * answer headers on its failures (the SDK drops them, and with them `Retry-After`).
 */
import { ManagementError } from "auth0";
import { registerAuthorization, registerGrantedToken } from "../../core/credentials.js";
import type { RequestCounter } from "../../core/request-counter.js";
import type { RateLimitInfo } from "../../core/retry.js";
import type { Logger, SecretSink } from "../../core/types.js";
import { describeCause } from "../../core/vendor-error.js";
import type { BucketPacer } from "./session-pacer.js";

/** Status of the stand-in response for a request that got no response at all. */
export const NETWORK_FAILURE = 599;

export interface TenantFetchOptions {
  account: string;
  domain: string;
  /** A proxy or an emulator in front of the tenant. */
  endpoint?: string;
  pacer: BucketPacer;
  logger: Logger;
  secrets: SecretSink;
  requests: RequestCounter;
  /** The connect context's fetch (the operator's proxy applied). */
  fetch: typeof fetch;
  now: () => number;
}

export function tenantFetch(opts: TenantFetchOptions): typeof fetch {
  const { pacer, logger, secrets, requests, now } = opts;
  const prefix = `https://${opts.domain}`;
  const base = (opts.endpoint ?? prefix).replace(/\/+$/, "");
  const tokenUrl = `${prefix}/oauth/token`;

  // The SDK always builds https://DOMAIN URLs; `endpoint` is reached by rewriting them.
  return async (input, init) => {
    const raw = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const url = raw.startsWith(prefix) ? base + raw.slice(prefix.length) : raw;
    registerAuthorization(init?.headers, secrets);
    const ticket = await pacer.acquire();
    const sentAt = now();
    requests.sent();
    let limits: RateLimitInfo | undefined;
    let response: Response;
    try {
      response = await opts
        .fetch(input instanceof Request ? new Request(url, input) : url, init)
        .catch((error: unknown) => networkFailure(error, init?.signal));
      limits = rateLimitInfo(response.headers);
    } finally {
      pacer.update(limits, sentAt, ticket);
    }
    if (response.status === 429) requests.rateLimited();
    logger.debug("auth0 request", {
      account: opts.account,
      method: init?.method ?? "GET",
      path: new URL(url).pathname,
      status: response.status,
    });
    return raw === tokenUrl ? tokenAnswer(response, secrets) : response;
  };
}

/**
 * A granted token is registered before the SDK sees it. A refusal is raised here as the SDK would raise it, but
 * with the answer's headers, so a 429's `Retry-After` decides the wait before the next attempt.
 */
async function tokenAnswer(response: Response, secrets: SecretSink): Promise<Response> {
  if (response.ok) {
    await registerGrantedToken(response, "access_token", secrets);
    return response;
  }
  const text = await response.text().catch(() => "");
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's page): the summary then says only the status.
  }
  throw new ManagementError({
    message: "token request failed",
    statusCode: response.status,
    body,
    rawResponse: {
      headers: response.headers,
      redirected: response.redirected,
      status: response.status,
      statusText: response.statusText,
      type: response.type,
      url: response.url,
    },
  });
}

/**
 * The SDK clears its request timer only when fetch resolves, so a rejected fetch (connection reset or refused) would
 * keep the process alive for the whole timeout. A network failure is answered instead with a stand-in response that
 * the SDK turns into a ManagementError, which is retried; a timeout (an aborted signal) still rejects.
 */
function networkFailure(error: unknown, signal: AbortSignal | null | undefined): Response {
  if (signal?.aborted) throw error;
  return new Response(JSON.stringify({ message: describeCause(error), errorCode: "network_error" }), {
    status: NETWORK_FAILURE,
    headers: { "content-type": "application/json" },
  });
}

export function rateLimitInfo(headers: Headers): RateLimitInfo | undefined {
  const limit = Number(headers.get("x-ratelimit-limit"));
  const remaining = Number(headers.get("x-ratelimit-remaining"));
  const reset = Number(headers.get("x-ratelimit-reset"));
  if (!headers.has("x-ratelimit-reset") || !Number.isFinite(limit + remaining + reset)) return undefined;
  return { limit, remaining, resetAt: reset * 1000 };
}
