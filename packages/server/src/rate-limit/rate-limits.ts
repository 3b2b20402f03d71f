import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors.js';

/** Each policy: how many actions per window, and what the client is told when it is exceeded. */
const POLICIES = {
  /** Password guesses against one account from one address. */
  loginPerAccountAndIp: { points: 10, durationSec: 15 * 60, what: 'login attempts' },
  loginPerIp: { points: 100, durationSec: 15 * 60, what: 'login attempts' },
  registerPerIp: { points: 20, durationSec: 60 * 60, what: 'sign-ups' },
  messagesPerUser: { points: 30, durationSec: 10, what: 'messages' },
  typingPerUser: { points: 20, durationSec: 10, what: 'typing events' },
} as const;

export type RatePolicy = keyof typeof POLICIES;

/**
 * Per-user and per-address limits. In memory per node today; rate-limiter-flexible has a Redis
 * store with the same API for when several nodes must share counts. `RATE_LIMITS=off` disables
 * them (benchmarks, functional tests).
 */
export class RateLimits {
  private readonly limiters: Map<RatePolicy, RateLimiterMemory> | undefined;

  constructor(enabled: boolean) {
    if (!enabled) return;
    this.limiters = new Map(
      Object.entries(POLICIES).map(([name, p]) => [
        name as RatePolicy,
        new RateLimiterMemory({ points: p.points, duration: p.durationSec, keyPrefix: name }),
      ]),
    );
  }

  /** Counts one action; throws `rate_limited` (with `retryAfterMs`) when over the limit. */
  async consume(policy: RatePolicy, key: string): Promise<void> {
    const limiter = this.limiters?.get(policy);
    if (!limiter) return;
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new AppError(
        'rate_limited',
        `too many ${POLICIES[policy].what}; try again later`,
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
