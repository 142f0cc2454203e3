/**
 * The HTTP layer under the Datadog SDK. The SDK has no timeout, retries no network error, and hides response headers,
 * so regionsync replaces its `httpApi`: every request goes through one place that paces on `x-ratelimit-*`, times out,
 * retries a bounded number of times and caps how many writes are in flight.
 */

import { DEFAULT_REQUEST_TIMEOUT_MS } from "../../core/kind.js";
import { type RequestCounter, uncounted } from "../../core/request-counter.js";
import { RatePacer, sleep, withRetry } from "../../core/retry.js";
import type { Logger } from "../../core/types.js";
import { VendorRequestError } from "../../core/vendor-error.js";
import { networkReason } from "./session-errors.js";
import { rateLimitInfo } from "./session-rate-limit.js";
import { client } from "./session-sdk.js";

export interface TransportOptions {
  logger: Logger;
  /** Per attempt, including reading the body: the connect context's `requestTimeoutMs`. */
  timeoutMs?: number;
  retries?: number;
  /** Writes in flight at once; Datadog's edge answers 5xx under heavier write concurrency. */
  maxWrites?: number;
  /** Longest wait before one retry, so a wrong `x-ratelimit-reset` cannot stall a run. */
  maxRetryDelayMs?: number;
  sleep?(ms: number): Promise<void>;
  requests?: RequestCounter;
  /** The connect context's fetch (the operator's proxy applied); the global fetch by default. */
  fetch?: typeof fetch;
}

/** A 429 or 5xx answer, thrown inside the retry loop and turned back into a response when retries run out. */
class RetryableResponse extends Error {
  constructor(readonly response: client.ResponseContext) {
    super(`HTTP ${response.httpStatusCode}`);
  }
}

/**
 * A request that never got an answer. The message names method, path and the cause (a DNS or TLS failure, a reset, the
 * timeout), never headers: they carry the keys.
 */
export class TransportError extends VendorRequestError {
  override name = "TransportError";
  constructor(
    message: string,
    cause: unknown,
    /** No answer within the timeout: Datadog may still be carrying the request out. */
    readonly timedOut: boolean,
  ) {
    super(message);
    this.cause = cause;
  }
}

/** Holds back callers beyond `size` until a slot frees up. */
class Semaphore {
  private active = 0;
  private readonly queue: Array<() => void> = [];
  constructor(private readonly size: number) {}

  async acquire(): Promise<() => void> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active += 1;
    return () => {
      const next = this.queue.shift();
      if (next) next();
      else this.active -= 1;
    };
  }
}

const isWrite = (method: string, url: string) => method !== "GET" && !/\/validate(\?|$)/.test(url);

/**
 * Whether a request may be sent again after a failure that leaves unknown whether it took effect (5xx, lost answer,
 * timeout): reads, validations, updates and deletes, and monitor creates, since Datadog refuses a second identical
 * monitor ("Duplicate of an existing monitor_id", which apply adopts). Other creates (paging services, notification
 * rules) are retried by their kind through `createOnce`, which looks for what the first attempt made before sending
 * again; here they are retried on 429 only, which means the request was not carried out.
 */
const replayable = (method: string, url: string) =>
  method !== "POST" || /\/validate(\?|$)/.test(url) || new URL(url).pathname.endsWith("/api/v1/monitor");

export class DatadogTransport implements client.HttpLibrary {
  /** Datadog limits each endpoint family separately (`x-ratelimit-name`), so each family is paced on its own headers. */
  private readonly pacers = new Map<string, RatePacer>();
  private readonly writes: Semaphore;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly maxRetryDelayMs: number;
  private readonly wait: (ms: number) => Promise<void>;
  private readonly requests: RequestCounter;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly opts: TransportOptions) {
    this.writes = new Semaphore(opts.maxWrites ?? 8);
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.retries = opts.retries ?? 4;
    this.maxRetryDelayMs = opts.maxRetryDelayMs ?? 30_000;
    this.wait = opts.sleep ?? sleep;
    this.requests = opts.requests ?? uncounted;
    this.fetchFn = opts.fetch ?? fetch;
  }

  async send(request: client.RequestContext): Promise<client.ResponseContext> {
    const method = request.getHttpMethod().toString();
    const url = request.getUrl();
    const path = new URL(url).pathname;
    const release = isWrite(method, url) ? await this.writes.acquire() : undefined;
    try {
      return await withRetry(() => this.attempt(request, method, url), {
        retries: this.retries,
        retryable: (error) =>
          (error instanceof RetryableResponse && error.response.httpStatusCode === 429) ||
          ((error instanceof RetryableResponse || error instanceof TransportError) && replayable(method, url)),
        delayMs: (error) => this.retryDelay(error),
        maxDelayMs: this.maxRetryDelayMs,
        sleep: this.wait,
        onRetry: (error, attempt, delayMs) => {
          this.requests.retried();
          this.opts.logger.warn("datadog request retried", {
            method,
            path,
            attempt,
            delayMs,
            reason: error instanceof Error ? error.message : String(error),
          });
        },
      });
    } catch (error) {
      // Out of retries on a 429/5xx: hand the answer to the SDK, which throws an ApiException carrying the status.
      if (error instanceof RetryableResponse) return error.response;
      throw error;
    } finally {
      release?.();
    }
  }

  private async attempt(request: client.RequestContext, method: string, url: string): Promise<client.ResponseContext> {
    const pacer = this.pacerFor(url);
    await pacer.acquire();
    const body = request.getBody();
    let status: number;
    let text: string;
    const headers: Record<string, string> = {};
    try {
      this.requests.sent();
      const res = await this.fetchFn(url, {
        method,
        headers: { ...request.getHeaders(), "Accept-Encoding": "gzip,deflate" },
        body: typeof body === "string" || Buffer.isBuffer(body) ? body : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      res.headers.forEach((value, name) => {
        headers[name] = value;
      });
      pacer.update(rateLimitInfo(headers, Date.now()));
      status = res.status;
      text = await res.text();
    } catch (cause) {
      const why = networkReason(cause, this.timeoutMs);
      const timedOut = cause instanceof Error && cause.name === "TimeoutError";
      throw new TransportError(`Datadog request ${method} ${new URL(url).pathname} failed: ${why}`, cause, timedOut);
    }
    const response = new client.ResponseContext(status, headers, {
      text: async () => text,
      binary: async () => Buffer.from(text),
    });
    if (status === 429) this.requests.rateLimited();
    if (status === 429 || status >= 500) throw new RetryableResponse(response);
    return response;
  }

  /** The family is the path's first three segments: `/api/v1/monitor`, `/api/v1/integration`, `/api/v2/monitor`. */
  private pacerFor(url: string): RatePacer {
    const family = new URL(url).pathname.split("/").filter(Boolean).slice(0, 3).join("/");
    let pacer = this.pacers.get(family);
    if (!pacer) {
      pacer = new RatePacer(2);
      this.pacers.set(family, pacer);
    }
    return pacer;
  }

  /** Waits out the window on a 429 (Datadog says how long); otherwise the shared exponential backoff applies. */
  private retryDelay(error: unknown): number | undefined {
    if (!(error instanceof RetryableResponse) || error.response.httpStatusCode !== 429) return undefined;
    const reset = Number(error.response.headers["x-ratelimit-reset"]);
    return Number.isFinite(reset) ? reset * 1000 + 50 : undefined;
  }
}
