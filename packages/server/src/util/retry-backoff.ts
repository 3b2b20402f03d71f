/** How a job retries a failed delivery: `retryAfterMs`, doubling each time, `maxAttempts` tries. */
export interface RetryPolicy {
  maxAttempts: number;
  retryAfterMs: number;
}

/** A key whose last try failed: when it may be tried again, and how often it failed. */
interface Backoff {
  failures: number;
  retryAt: number;
}

/**
 * The retry bookkeeping of the email jobs, per key (a conversation, a user). It is this node's
 * memory only: another node may try a key sooner, which only retries earlier; the jobs' claims in
 * the database, not this map, keep a delivery single.
 */
export class RetryBackoff {
  private readonly backoffs = new Map<string, Backoff>();

  constructor(private readonly policy: RetryPolicy) {}

  /** Keys still waiting after a failure at `now`: a pass leaves them out. */
  waiting(now: number): string[] {
    const waiting: string[] = [];
    for (const [key, backoff] of this.backoffs) {
      if (backoff.retryAt > now) waiting.push(key);
    }
    return waiting;
  }

  succeeded(key: string): void {
    this.backoffs.delete(key);
  }

  /**
   * Counts a failure at `now`: `retry` (the key waits, doubling each time) or `give-up` after the
   * last attempt (the key is forgotten; the caller keeps its claim so it is not tried again).
   */
  failed(key: string, now: number): { verdict: 'retry' | 'give-up'; failures: number } {
    const failures = (this.backoffs.get(key)?.failures ?? 0) + 1;
    if (failures >= this.policy.maxAttempts) {
      this.backoffs.delete(key);
      return { verdict: 'give-up', failures };
    }
    const retryAt = now + this.policy.retryAfterMs * 2 ** (failures - 1);
    this.backoffs.set(key, { failures, retryAt });
    return { verdict: 'retry', failures };
  }
}
