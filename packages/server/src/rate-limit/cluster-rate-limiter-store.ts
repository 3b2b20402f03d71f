import { RateLimiterCluster } from 'rate-limiter-flexible';
import type { RateLimiterStore } from './rate-limits.js';
import { limiterOptions } from './rate-limits.js';

/** Longer than any turn of a busy primary; a primary that does not answer is gone. */
const ANSWER_TIMEOUT_MS = 5_000;

/**
 * Counts in the primary of WORKERS > 1 (its `RateLimiterClusterMaster`, over IPC), so a budget is
 * one budget across the workers of a machine, as Redis makes it across nodes.
 */
export const clusterRateLimiterStore: RateLimiterStore = (name, budget) =>
  new RateLimiterCluster({
    keyPrefix: name,
    ...limiterOptions(budget),
    timeoutMs: ANSWER_TIMEOUT_MS,
  });
