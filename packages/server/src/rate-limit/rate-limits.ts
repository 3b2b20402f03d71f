import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors.js';
import type { RateBudget, RatePolicy } from './rate-budgets.js';
import { RATE_BUDGETS } from './rate-budgets.js';

/**
 * Where a budget's counts live: the seam a cluster-wide store slots into. rate-limiter-flexible's
 * memory and Redis limiters share one API, so a driver is one constructor.
 */
export type RateLimiterStore = (name: RatePolicy, budget: RateBudget) => RateLimiterAbstract;

/** A budget in rate-limiter-flexible's terms, the same for every store. */
export function limiterOptions(budget: RateBudget) {
  return {
    points: budget.points,
    duration: budget.durationSec,
    blockDuration: 'blockSec' in budget ? budget.blockSec : 0,
  };
}

/** The default store: counts in this process's memory. */
export const memoryRateLimiterStore: RateLimiterStore = (name, budget) =>
  new RateLimiterMemory({ keyPrefix: name, ...limiterOptions(budget) });

/**
 * Per-user, per-account and per-address budgets (`RATE_BUDGETS`). `enabled: false`
 * (`RATE_LIMITS=off`) disables them for benchmarks and functional tests.
 */
export class RateLimits {
  private readonly limiters: Map<RatePolicy, RateLimiterAbstract> | undefined;

  constructor(enabled: boolean, store: RateLimiterStore = memoryRateLimiterStore) {
    if (!enabled) return;
    this.limiters = new Map(
      (Object.entries(RATE_BUDGETS) as [RatePolicy, RateBudget][]).map(([name, budget]) => [
        name,
        store(name, budget),
      ]),
    );
  }

  /**
   * Counts `points` actions (default one); throws `rate_limited` with `retryAfterMs` when over
   * the budget.
   */
  async consume(policy: RatePolicy, key: string, points = 1): Promise<void> {
    const limiter = this.limiters?.get(policy);
    if (!limiter) return;
    try {
      await limiter.consume(key, points);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new AppError(
        'rate_limited',
        `too many ${RATE_BUDGETS[policy].what}; try again later`,
        rejection.msBeforeNext,
      );
    }
  }

  /** Whether one more action is allowed, counting it; for events that are dropped, not refused. */
  async tryConsume(policy: RatePolicy, key: string): Promise<boolean> {
    try {
      await this.consume(policy, key);
      return true;
    } catch (error) {
      if (error instanceof AppError) return false;
      throw error;
    }
  }

  /** Forgets a key's count (a successful login clears its failed attempts). */
  async reset(policy: RatePolicy, key: string): Promise<void> {
    await this.limiters?.get(policy)?.delete(key);
  }
}
