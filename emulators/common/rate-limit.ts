/** The vendors' rate limits as emulators enforce them: a token bucket (Auth0, GitHub) or a fixed window (Datadog). */

export interface RateLimitOptions {
  /** Sustained requests per second. */
  perSecond: number;
  /** Bucket size: requests allowed at once before the rate applies. */
  burst: number;
}

/** A calendar-aligned fixed window, as Datadog counts: `limit` requests per `periodSeconds`, reset on the boundary. */
export interface FixedWindowOptions {
  limit: number;
  periodSeconds: number;
}

/** What decides whether a request is within the vendor's rate limit. */
export interface RateLimiter {
  take(): { allowed: boolean; state: RateLimitState };
}

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the bucket is full again. */
  resetAt: number;
  /** Milliseconds until one more request is allowed (0 when allowed now). */
  retryAfterMs: number;
}

/** A token bucket: `burst` requests at once, refilled at `perSecond`. */
export class TokenBucket implements RateLimiter {
  private tokens: number;
  private last: number;
  constructor(
    private readonly opts: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = opts.burst;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.opts.burst, this.tokens + ((t - this.last) / 1000) * this.opts.perSecond);
    this.last = t;
  }

  take(): { allowed: boolean; state: RateLimitState } {
    this.refill();
    const allowed = this.tokens >= 1;
    if (allowed) this.tokens -= 1;
    return { allowed, state: this.state() };
  }

  state(): RateLimitState {
    const t = this.now();
    const missing = this.opts.burst - this.tokens;
    return {
      limit: this.opts.burst,
      remaining: Math.max(0, Math.floor(this.tokens)),
      resetAt: t + Math.ceil((missing / this.opts.perSecond) * 1000),
      retryAfterMs: this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.opts.perSecond) * 1000),
    };
  }
}

/** Counts requests in calendar-aligned windows; the count starts again at every boundary. */
export class FixedWindow implements RateLimiter {
  private windowStart = 0;
  private used = 0;
  constructor(
    private readonly opts: FixedWindowOptions,
    private readonly now: () => number = Date.now,
  ) {}

  take(): { allowed: boolean; state: RateLimitState } {
    const t = this.now();
    const period = this.opts.periodSeconds * 1000;
    const start = t - (t % period);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.used = 0;
    }
    const allowed = this.used < this.opts.limit;
    if (allowed) this.used += 1;
    const resetAt = start + period;
    return {
      allowed,
      state: {
        limit: this.opts.limit,
        remaining: this.opts.limit - this.used,
        resetAt,
        retryAfterMs: allowed ? 0 : resetAt - t,
      },
    };
  }
}

export function createLimiter(opts: RateLimitOptions | FixedWindowOptions | undefined): RateLimiter | undefined {
  if (!opts) return undefined;
  return "periodSeconds" in opts ? new FixedWindow(opts) : new TokenBucket(opts);
}
