import type { FastifyInstance } from 'fastify';
import type { CommitTimings } from '../messages/commit-timings.js';
import { EventLoopLag } from '../util/event-loop-lag.js';

/**
 * The benchmark's view inside a node, read before and after each step (cumulative histograms):
 * - `GET /api/debug/commit-timings`: group commit's waits and statements (messages/commit-timings.ts);
 * - `GET /api/debug/event-loop-lag`: how late the event loop runs (util/event-loop-lag.ts), sampled
 *   from registration until the server closes.
 * Registered only with `DEBUG_STATS=on`: timings say how busy the node is, which is nobody
 * else's business.
 */
export function registerDebugStatsRoutes(app: FastifyInstance, timings: CommitTimings): void {
  const loopLag = new EventLoopLag();
  loopLag.start();
  app.addHook('onClose', async () => loopLag.stop());
  app.get('/api/debug/commit-timings', { logLevel: 'warn' }, () => timings.snapshot());
  app.get('/api/debug/event-loop-lag', { logLevel: 'warn' }, () => loopLag.snapshot());
}
