import type { FastifyInstance } from 'fastify';
import type { CommitTimings } from '../messages/commit-timings.js';

/**
 * `GET /api/debug/commit-timings`: group commit's cumulative histograms (messages/commit-timings.ts),
 * for the benchmark, which reads them before and after each step. Registered only with
 * `DEBUG_STATS=on`: timings say how busy the node is, which is nobody else's business.
 */
export function registerCommitTimingsRoute(app: FastifyInstance, timings: CommitTimings): void {
  app.get('/api/debug/commit-timings', { logLevel: 'warn' }, () => timings.snapshot());
}
