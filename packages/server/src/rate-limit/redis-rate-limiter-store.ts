import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { RedisConnection } from '../redis/redis-connection.js';
import type { RateLimiterStore } from './rate-limits.js';
import { limiterOptions, memoryRateLimiterStore } from './rate-limits.js';

/**
 * Counts in Redis, so a budget is one budget across every node. While Redis is unreachable each
 * limiter falls back to its insurance, the node's own memory: requests are neither failed nor let
 * through unlimited, each node limits on its own until Redis answers again (docs/security.md).
 */
export function redisRateLimiterStore(redis: RedisConnection): RateLimiterStore {
  return (name, budget) =>
    new RateLimiterRedis({
      storeClient: redis.client,
      useRedisPackage: true,
      // Straight to the insurance while node-redis reconnects, rather than each request failing.
      rejectIfRedisNotReady: true,
      keyPrefix: `${redis.keyPrefix}rl:${name}`,
      ...limiterOptions(budget),
      insuranceLimiter: memoryRateLimiterStore(name, budget),
    });
}
