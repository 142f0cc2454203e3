/**
 * Bounded retries and rate-limit pacing shared by every provider. Vendors differ in how they signal a limit, so
 * providers translate their headers into `RateLimitInfo`; the waiting logic lives here once.
 */

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  /** Whether this error may succeed on another attempt (429, 5xx, timeouts, resets). */
  retryable(error: unknown): boolean;
  /** Milliseconds to wait before retry `attempt` (1-based); defaults to exponential backoff from 200 ms with jitter. */
  delayMs?(error: unknown, attempt: number): number | undefined;
  /** Called before each retry, for logging. */
  onRetry?(error: unknown, attempt: number, delayMs: number): void;
  sleep?(ms: number): Promise<void>;
  /** Longest single wait, so a wrong header cannot stall a run. */
  maxDelayMs?: number;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function backoffMs(attempt: number, baseMs = 200, random: () => number = Math.random): number {
  const exp = baseMs * 2 ** (attempt - 1);
  return Math.round(exp * (0.8 + 0.4 * random()));
}

/** Runs `fn`, retrying retryable failures up to `retries` times. The last error is rethrown unchanged. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const wait = opts.sleep ?? sleep;
  const maxDelay = opts.maxDelayMs ?? 60_000;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= opts.retries || !opts.retryable(error)) throw error;
      const next = attempt + 1;
      const delay = Math.min(maxDelay, Math.max(0, opts.delayMs?.(error, next) ?? backoffMs(next)));
      opts.onRetry?.(error, next, delay);
      await wait(delay);
    }
  }
}

/** What a vendor's rate-limit headers say after one response. */
export interface RateLimitInfo {
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the window resets. */
  resetAt: number;
}

/**
 * Slows callers down before the vendor's limit is hit: while plenty remains it lets requests through; as the
 * remaining budget nears `reserve`, it spreads the remaining requests over the time left in the window.
 */
export class RatePacer {
  private info: RateLimitInfo | undefined;
  private nextSlot = 0;

  constructor(
    private readonly reserve = 2,
    private readonly now: () => number = Date.now,
    private readonly wait: (ms: number) => Promise<void> = sleep,
  ) {}

  update(info: RateLimitInfo | undefined): void {
    if (!info || !Number.isFinite(info.remaining) || !Number.isFinite(info.resetAt)) return;
    this.info = info;
  }

  /** Waits, if needed, before the next request is sent. */
  async acquire(): Promise<void> {
    const delay = this.delayForNext();
    if (delay > 0) await this.wait(delay);
  }

  /** The delay the next request must wait; reserves its slot. */
  delayForNext(): number {
    const t = this.now();
    const info = this.info;
    if (!info || info.resetAt <= t) {
      this.nextSlot = Math.max(this.nextSlot, t);
      return 0;
    }
    const usable = info.remaining - this.reserve;
    if (usable <= 0) {
      // The window is spent: every caller waits for the reset (not one window each), and the new window's answers
      // set the pace again.
      const slot = Math.max(t, info.resetAt);
      this.nextSlot = Math.max(this.nextSlot, slot);
      return slot - t;
    }
    const windowLeft = info.resetAt - t;
    let spacing: number;
    if (usable > info.limit / 2) {
      spacing = 0;
    } else {
      spacing = windowLeft / usable;
    }
    const slot = Math.max(t, this.nextSlot);
    this.nextSlot = slot + spacing;
    if (usable > 0) this.info = { ...info, remaining: info.remaining - 1 };
    return slot - t;
  }
}

/** Runs `fn` over `items` with at most `limit` in flight, preserving result order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>) {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  });
  await Promise.all(workers);
  return results;
}

export interface CreateOnceOptions<T> extends Omit<RetryOptions, "retryable"> {
  /** A failure after which the create may have happened all the same: a 5xx, a reset, a timeout. */
  ambiguous(error: unknown): boolean;
  /** What the create would have made, if it exists now; undefined when it does not. */
  find(): Promise<T | undefined>;
}

/**
 * Runs a create that the vendor does not make idempotent (a POST) with retries that cannot duplicate it: only an
 * ambiguous failure is retried, and before each new attempt `find` looks for what an earlier one may have made.
 */
export function createOnce<T>(create: () => Promise<T>, opts: CreateOnceOptions<T>): Promise<T> {
  return withRetry(
    async (attempt) => {
      if (attempt > 0) {
        const found = await opts.find();
        if (found !== undefined) return found;
      }
      return create();
    },
    { ...opts, retryable: opts.ambiguous },
  );
}
