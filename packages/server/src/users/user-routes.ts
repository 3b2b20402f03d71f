import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { usersQuerySchema } from '@natter/protocol';
import type { Db } from '../db/database.js';
import { parseInput } from '../errors.js';
import { sessionOf } from '../http/authenticate.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import { presentUser } from './user-presenter.js';
import { findProfiles, searchProfiles } from './user-repository.js';

export function registerUserRoutes(
  app: FastifyInstance,
  deps: { db: Db; rateLimits: RateLimits; authenticate: preHandlerAsyncHookHandler },
): void {
  /** `?query=` finds people to start a chat with; `?ids=a,b` fetches profiles by id. */
  app.get('/api/users', { preHandler: deps.authenticate }, async (request) => {
    const { userId } = sessionOf(request);
    const query = parseInput(usersQuerySchema, request.query);
    if (query.ids) return { users: (await findProfiles(deps.db, query.ids)).map(presentUser) };
    // Searches are budgeted: each one reads the name indexes, a profile fetch by id does not.
    await deps.rateLimits.consume('userSearchesPerUser', userId);
    return { users: (await searchProfiles(deps.db, query.query ?? '', userId)).map(presentUser) };
  });
}
