import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { roomIdParamsSchema, roomMuteBodySchema } from '@natter/protocol';
import type { Db } from '../db/database.js';
import { forbidden, notFound, parseInput } from '../errors.js';
import { sessionOf } from '../http/authenticate.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import type { Publisher } from '../realtime/publisher.js';
import { updateMember } from '../rooms/room-repository.js';
import { loadRoomOfUser } from '../rooms/room-views.js';

/**
 * `PUT /api/rooms/:id/mute` `{ muted, mentions? }`: a muted room sends the caller no pushes (and
 * no missed message emails) but for mentions of them, unless `mentions` mutes those too. It is
 * the caller's own setting: the room as they see it says `muted: true` (and `mentionsMuted`),
 * and only their own sockets (their other devices) hear of the change.
 */
export function registerMuteRoutes(
  app: FastifyInstance,
  deps: {
    db: Db;
    publisher: Publisher;
    rateLimits: RateLimits;
    authenticate: preHandlerAsyncHookHandler;
  },
): void {
  const { db, publisher } = deps;
  app.put(
    '/api/rooms/:id/mute',
    { preHandler: deps.authenticate, config: { visitors: 'allowed' } },
    async (request) => {
      const { id } = parseInput(roomIdParamsSchema, request.params);
      const { muted, mentions } = parseInput(roomMuteBodySchema, request.body);
      const { userId } = sessionOf(request);
      await deps.rateLimits.consume('pushChangesPerUser', userId);
      const mentionsMuted = muted ? mentions : false;
      // The update is the membership check: a room the caller is not in matches no row.
      if (!(await updateMember(db, id, userId, { muted, mentionsMuted }))) throw forbidden();
      const room = await loadRoomOfUser(db, userId, id);
      if (!room) throw notFound('room not found');
      publisher.publish('room:updated', room, { users: [userId] });
      return { room };
    },
  );
}
