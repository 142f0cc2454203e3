/**
 * What vendor sessions count as they talk to a vendor: every request sent, every retry, every rate-limit answer. The
 * engine binds one counter to each account; the run's metrics read the totals. Providers only call it, so they need
 * nothing of the metrics code.
 */

/** A session's counter, bound to its provider and account. */
export interface RequestCounter {
  /** One HTTP request went out (each attempt, the token requests included). */
  sent(): void;
  /** A request is being sent again after a failure or a rate-limit answer. */
  retried(): void;
  /** The vendor answered that a rate limit was hit (a 429, or GitHub's 403 with a rate-limit header). */
  rateLimited(): void;
}

export interface RequestCounts {
  provider: string;
  account: string;
  requests: number;
  retries: number;
  rateLimited: number;
}

export const uncounted: RequestCounter = { sent() {}, retried() {}, rateLimited() {} };

/** Totals per provider and account since the tally was made: one run, or every run of `run --schedule`. */
export class RequestTally {
  private readonly counts = new Map<string, RequestCounts>();

  counterFor(provider: string, account: string): RequestCounter {
    const counts = this.entry(provider, account);
    return {
      sent: () => void counts.requests++,
      retried: () => void counts.retries++,
      rateLimited: () => void counts.rateLimited++,
    };
  }

  /** Every account counted so far, and `accounts` at zero if they were not: a series exists before its first request. */
  snapshot(accounts: readonly { provider: string; name: string }[] = []): RequestCounts[] {
    for (const a of accounts) this.entry(a.provider, a.name);
    return [...this.counts.values()].map((c) => ({ ...c }));
  }

  private entry(provider: string, account: string): RequestCounts {
    const key = `${provider}/${account}`;
    let counts = this.counts.get(key);
    if (!counts) {
      counts = { provider, account, requests: 0, retries: 0, rateLimited: 0 };
      this.counts.set(key, counts);
    }
    return counts;
  }
}
