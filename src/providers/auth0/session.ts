/**
 * The connection to one tenant: the official SDK pointed at the tenant (or at `endpoint`) through `tenantFetch`, and
 * bounded retries that also cover what the SDK does not retry (network errors, timeouts). A call that still fails
 * throws a one-line summary, never the SDK's error with the vendor's whole answer in it.
 */
import { ManagementClient, ManagementError } from "auth0";
import { type ConnectContext, DEFAULT_REQUEST_TIMEOUT_MS } from "../../core/kind.js";
import { uncounted } from "../../core/request-counter.js";
import { backoffMs, sleep, withRetry } from "../../core/retry.js";
import type { Logger, SecretSink } from "../../core/types.js";
import type { Auth0Settings } from "./account.js";
import type { ObservedApp } from "./applications-schema.js";
import { describeError, hintedDelay, retryable, statusOf, summarized } from "./session-errors.js";
import { NETWORK_FAILURE, tenantFetch } from "./session-fetch.js";
import { BucketPacer } from "./session-pacer.js";

export interface SessionOptions {
  /** Retries after the first attempt of each request. */
  retries?: number;
  /** Base of the exponential backoff when the vendor gives no hint. */
  baseDelayMs?: number;
  /** Longest single wait before a retry. */
  maxDelayMs?: number;
  /** Per request; the connect context's `requestTimeoutMs` unless a test overrides it. */
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
  timeoutSeconds: DEFAULT_REQUEST_TIMEOUT_MS / 1000,
  freshReads: "page",
  readWindowMs: 1_000,
  concurrency: 4,
  now: Date.now,
  sleep,
};

export interface Auth0Session {
  account: string;
  /** The tenant's domain (an output of its applications: what their users' logins point at). */
  domain: string;
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
  const options = { ...defaults, timeoutSeconds: ctx.requestTimeoutMs / 1000, ...overrides };
  const { account, env, logger, secrets } = ctx;
  const { domain } = account.settings;
  const requests = ctx.requests ?? uncounted;
  const mgmt = new ManagementClient({
    domain,
    ...credentials(account.name, account.settings, env, secrets),
    fetch: tenantFetch({
      account: account.name,
      domain,
      endpoint: account.endpoint,
      pacer: new BucketPacer(2, options.now, options.sleep),
      logger,
      secrets,
      requests,
      fetch: ctx.fetch ?? fetch,
      now: options.now,
    }),
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
      onRetry: (error, attempt, delayMs) => {
        requests.retried();
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
        });
      },
    }).catch((error: unknown) => {
      throw summarized(error);
    });

  return {
    account: account.name,
    domain,
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

/** Reads credentials from the environment and registers them; errors name the variable, never a value. */
function credentials(
  accountName: string,
  settings: Auth0Settings,
  env: ConnectContext["env"],
  secrets: SecretSink,
): { token: string } | { clientId: string; clientSecret: string } {
  const read = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`account '${accountName}': environment variable ${name} is not set`);
    secrets.add(value);
    return value;
  };
  if (settings.token_env) return { token: read(settings.token_env) };
  if (!settings.client_id_env || !settings.client_secret_env) {
    throw new Error(`account '${accountName}' needs client_id_env and client_secret_env, or token_env`);
  }
  return { clientId: read(settings.client_id_env), clientSecret: read(settings.client_secret_env) };
}
