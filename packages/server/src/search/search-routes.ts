import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { searchQuerySchema } from '@natter/protocol';
import type { SearchResponse } from '@natter/protocol';
import { parseInput } from '../errors.js';
import { sessionOf } from '../http/authenticate.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import type { SearchService } from './search-service.js';

export function registerSearchRoutes(
  app: FastifyInstance,
  deps: { search: SearchService; rateLimits: RateLimits; authenticate: preHandlerAsyncHookHandler },
): void {
  /**
   * Full-text search over the caller's rooms (docs/search.md). A website visitor may search too:
   * the membership rule gives it its own support rooms only.
   */
  app.get(
    '/api/search',
    { preHandler: deps.authenticate, config: { visitors: 'allowed' } },
    async (request): Promise<SearchResponse> => {
      const { userId } = sessionOf(request);
      const query = parseInput(searchQuerySchema, request.query);
      await deps.rateLimits.consume('searchesPerUser', userId);
      return deps.search.search(userId, query);
    },
  );
}
