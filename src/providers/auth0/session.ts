/**
 * The connection to one tenant: the official SDK pointed at the tenant (or at `endpoint`), every request paced by the
 * `x-ratelimit-*` headers, and bounded retries that also cover what the SDK does not retry (network errors, timeouts).
 */
import { ManagementClient, ManagementError, ManagementTimeoutError } from "auth0";
import type { ConnectContext } from "../../core/kind.js";
import { backoffMs, type RateLimitInfo, sleep, withRetry } from "../../core/retry.js";
import type { Logger } from "../../core/types.js";
import type { Auth0Settings } from "./account.js";
import type { ObservedApp } from "./applications-schema.js";
import { BucketPacer } from "./session-pacer.js";

export interface SessionOptions {
  /** Retries after the first attempt of each request. */
  retries?: number;
  /** Base of the exponential backoff when the vendor gives no hint. */
  baseDelayMs?: number;
  /** Longest single wait before a retry. */
  maxDelayMs?: number;
  timeoutSeconds?: number;
  /** How apply reads an application just before writing it (applications-reads.ts). */
  freshReads?: "page" | "object";
  /**
   * How old a read may be for apply to merge into it: a person's edit made longer than this before regionsync's write
   * survives it. Observe's listing qualifies while it is this young; a saved plan always reads again.
   */
  readWindowMs?: number;
  /** Requests in flight while listing pages. */
  concurrency?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaults: Required<SessionOptions> = {
  retries: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  timeoutSeconds: 30,
  freshReads: "page",
  readWindowMs: 1_000,
  concurrency: 4,
  now: Date.now,
  sleep,
};

export interface Auth0Session {
  account: string;
  mgmt: ManagementClient;
  logger: Logger;
  options: Required<SessionOptions>;
  /** The latest read of each application apply may write, and when it was requested (applications-reads.ts). */
  reads: Map<string, { app: ObservedApp; readAt: number }>;
  /** The listing page each of those applications was on, so apply can read that page again just before writing. */
  pages: Map<string, number>;
  /** Page reads in flight, shared by the writes waiting for them. */
  pageReads: Map<number, Promise<void>>;
  /** Runs one SDK call with pacing and bounded retries; `label` names it in logs and errors. */
  call<T>(label: string, fn: () => Promise<T>): Promise<T>;
  /** The HTTP status of an SDK error (the error classes are the SDK's, so modules without it ask the session). */
  statusOf(error: unknown): number | undefined;
  describe(error: unknown): string;
}

export function createAuth0Session(ctx: ConnectContext<Auth0Settings>, overrides: SessionOptions = {}): Auth0Session {
  const options = { ...defaults, ...overrides };
  const { account, env, logger } = ctx;
  const { domain } = account.settings;
  const pacer = new BucketPacer(2, options.now, options.sleep);
  const prefix = `https://${domain}`;
  const base = (account.endpoint ?? prefix).replace(/\/+$/, "");

  // The SDK always builds https://DOMAIN URLs; `endpoint` (a proxy, the sandbox) is reached by rewriting them.
  const pacedFetch: typeof fetch = async (input, init) => {
    const raw = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const url = raw.startsWith(prefix) ? base + raw.slice(prefix.length) : raw;
    const ticket = await pacer.acquire();
    const sentAt = options.now();
    let limits: RateLimitInfo | undefined;
    let response: Response;
    try {
      response = await fetch(input instanceof Request ? new Request(url, input) : url, init).catch((error: unknown) =>
        networkFailure(error, init?.signal),
      );
      limits = rateLimitInfo(response.headers);
    } finally {
      pacer.update(limits, sentAt, ticket);
    }
    logger.debug("auth0 request", {
      account: account.name,
      method: init?.method ?? "GET",
      path: new URL(url).pathname,
      status: response.status,
    });
    return response;
  };

  const mgmt = new ManagementClient({
    domain,
    ...credentials(account.name, account.settings, env),
    fetch: pacedFetch,
    maxRetries: 0,
    timeoutInSeconds: options.timeoutSeconds,
  });

  const call = <T>(label: string, fn: () => Promise<T>): Promise<T> =>
    withRetry(() => fn(), {
      retries: options.retries,
      retryable,
      maxDelayMs: options.maxDelayMs,
      sleep: options.sleep,
      delayMs: (error, attempt) =>
        hintedDelay(error, attempt, options.baseDelayMs, options.now()) ?? backoffMs(attempt, options.baseDelayMs),
      onRetry: (error, attempt, delayMs) =>
        logger.warn("auth0 request retried", {
          account: account.name,
          request: label,
          attempt,
          delayMs,
          status:
            error instanceof ManagementError
              ? error.statusCode === NETWORK_FAILURE
                ? "network"
                : (error.statusCode ?? "network")
              : "timeout",
        }),
    });

  return {
    account: account.name,
    mgmt,
    logger,
    options,
    reads: new Map(),
    pages: new Map(),
    pageReads: new Map(),
    call,
    statusOf,
    describe: describeError,
  };
}

/** Status of the stand-in response for a request that got no response at all. */
const NETWORK_FAILURE = 599;

/**
 * The SDK clears its request timer only when fetch resolves, so a rejected fetch (connection reset or refused) would
 * keep the process alive for the whole timeout. A network failure is answered instead with a stand-in response that
 * the SDK turns into a ManagementError, which `retryable` retries; a timeout (an aborted signal) still rejects.
 */
function networkFailure(error: unknown, signal: AbortSignal | null | undefined): Response {
  if (signal?.aborted) throw error;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
  return new Response(JSON.stringify({ message: cause, errorCode: "network_error" }), {
    status: NETWORK_FAILURE,
    headers: { "content-type": "application/json" },
  });
}

/** Reads credentials from the environment; errors name the variable, never a value. */
function credentials(
  accountName: string,
  settings: Auth0Settings,
  env: ConnectContext["env"],
): { token: string } | { clientId: string; clientSecret: string } {
  const read = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`account '${accountName}': environment variable ${name} is not set`);
    return value;
  };
  if (settings.token_env) return { token: read(settings.token_env) };
  if (!settings.client_id_env || !settings.client_secret_env) {
    throw new Error(`account '${accountName}' needs client_id_env and client_secret_env, or token_env`);
  }
  return { clientId: read(settings.client_id_env), clientSecret: read(settings.client_secret_env) };
}

export function rateLimitInfo(headers: Headers): RateLimitInfo | undefined {
  const limit = Number(headers.get("x-ratelimit-limit"));
  const remaining = Number(headers.get("x-ratelimit-remaining"));
  const reset = Number(headers.get("x-ratelimit-reset"));
  if (!headers.has("x-ratelimit-reset") || !Number.isFinite(limit + remaining + reset)) return undefined;
  return { limit, remaining, resetAt: reset * 1000 };
}

export function statusOf(error: unknown): number | undefined {
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
function hintedDelay(error: unknown, attempt: number, baseMs: number, now: number): number | undefined {
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

/** One line for a failed request, without bodies or headers that could carry anything sensitive. */
export function describeError(error: unknown): string {
  if (error instanceof ManagementTimeoutError) return "the request timed out";
  if (error instanceof ManagementError) {
    const body = error.body as { message?: unknown; errorCode?: unknown } | undefined;
    if (error.statusCode === undefined || error.statusCode === NETWORK_FAILURE) {
      return `network error (${typeof body?.message === "string" ? body.message : firstLine(error.message)})`;
    }
    const detail = typeof body?.message === "string" ? `: ${body.message}` : "";
    const code = typeof body?.errorCode === "string" ? ` ${body.errorCode}` : "";
    return `HTTP ${error.statusCode}${code}${detail}`;
  }
  return error instanceof Error ? firstLine(error.message) : String(error);
}

const firstLine = (text: string) => text.split("\n")[0] ?? text;
