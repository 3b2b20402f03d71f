import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { userIdParamsSchema } from '@natter/protocol';
import type { Db } from '../db/database.js';
import { badRequest, notFound, parseInput } from '../errors.js';
import { sessionOf } from '../http/authenticate.js';
import { deleteBlock, findBlockedProfiles, insertBlock } from './block-repository.js';
import { presentUser } from './user-presenter.js';
import { findProfile } from './user-repository.js';

/**
 * Blocking: a blocked user cannot open a direct room with the blocker nor write in their direct
 * room, and does not see the blocker's presence. `onBlocked` and `onUnblocked` apply the change to
 * the sockets already connected; the answer waits for them, so that what follows it honours it.
 */
export function registerBlockRoutes(
  app: FastifyInstance,
  deps: {
    db: Db;
    authenticate: preHandlerAsyncHookHandler;
    onBlocked: (blockerId: string, blockedId: string) => Promise<void>;
    onUnblocked: (blockerId: string, blockedId: string) => Promise<void>;
  },
): void {
  const { db } = deps;
  const opts = { preHandler: deps.authenticate };

  app.get('/api/users/blocked', opts, async (request) => ({
    users: (await findBlockedProfiles(db, sessionOf(request).userId)).map(presentUser),
  }));

  app.put('/api/users/:id/block', opts, async (request, reply) => {
    const { userId } = sessionOf(request);
    const { id } = parseInput(userIdParamsSchema, request.params);
    if (id === userId) throw badRequest('id: you cannot block yourself');
    if (!(await findProfile(db, id))) throw notFound('user not found');
    await insertBlock(db, userId, id);
    await deps.onBlocked(userId, id);
    return reply.status(204).send();
  });

  app.delete('/api/users/:id/block', opts, async (request, reply) => {
    const { userId } = sessionOf(request);
    const { id } = parseInput(userIdParamsSchema, request.params);
    await deleteBlock(db, userId, id);
    await deps.onUnblocked(userId, id);
    return reply.status(204).send();
  });
}
