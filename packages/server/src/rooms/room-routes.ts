import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import {
  addMemberBodySchema,
  createRoomBodySchema,
  roomIdParamsSchema,
  LIMITS,
  roomMemberParamsSchema,
  roomsQuerySchema,
  setMemberRoleBodySchema,
  updateRoomBodySchema,
} from '@natter/protocol';
import type { Db } from '../db/database.js';
import { notFound, parseInput } from '../errors.js';
import { sessionOf } from '../http/authenticate.js';
import type { RoomService } from './room-service.js';
import { loadRoomOfUser, loadRoomsPage } from './room-views.js';

export function registerRoomRoutes(
  app: FastifyInstance,
  deps: { db: Db; rooms: RoomService; authenticate: preHandlerAsyncHookHandler },
): void {
  const { db, rooms } = deps;
  const opts = { preHandler: deps.authenticate };
  // A website visitor may read its rooms: the membership rule makes those its support rooms only.
  const readOpts = { ...opts, config: { visitors: 'allowed' } } as const;

  app.post('/api/rooms', opts, async (request, reply) => {
    const { userId } = sessionOf(request);
    const body = parseInput(createRoomBodySchema, request.body);
    if (body.type === 'direct') {
      const { room, created } = await rooms.openDirect(userId, body.participantIds[0]);
      return reply.status(created ? 201 : 200).send({ room });
    }
    const room = await rooms.createGroup(userId, body.name, body.participantIds);
    return reply.status(201).send({ room });
  });

  /** Paged; without `limit` the first `LIMITS.roomsPageDefault` rooms (docs/protocol.md). */
  app.get('/api/rooms', readOpts, async (request) => {
    const query = parseInput(roomsQuerySchema, request.query);
    return loadRoomsPage(db, sessionOf(request).userId, {
      limit: query.limit ?? LIMITS.roomsPageDefault,
      cursor: query.cursor,
    });
  });

  /** A room the caller is not in is "not found": its existence is not theirs to learn. */
  app.get('/api/rooms/:id', readOpts, async (request) => {
    const { id } = parseInput(roomIdParamsSchema, request.params);
    const room = await loadRoomOfUser(db, sessionOf(request).userId, id);
    if (!room) throw notFound('room not found');
    return { room };
  });

  app.post('/api/rooms/:id/members', opts, async (request) => {
    const { id } = parseInput(roomIdParamsSchema, request.params);
    const { userId } = parseInput(addMemberBodySchema, request.body);
    return { room: await rooms.addMember(sessionOf(request).userId, id, userId) };
  });

  app.patch('/api/rooms/:id', opts, async (request) => {
    const { id } = parseInput(roomIdParamsSchema, request.params);
    const settings = parseInput(updateRoomBodySchema, request.body);
    return { room: await rooms.updateSettings(sessionOf(request).userId, id, settings) };
  });

  app.put('/api/rooms/:id/members/:userId', opts, async (request) => {
    const { id, userId } = parseInput(roomMemberParamsSchema, request.params);
    const { role } = parseInput(setMemberRoleBodySchema, request.body);
    return { room: await rooms.setRole(sessionOf(request).userId, id, userId, role) };
  });

  app.delete('/api/rooms/:id/members/:userId', opts, async (request, reply) => {
    const { id, userId } = parseInput(roomMemberParamsSchema, request.params);
    await rooms.removeMember(sessionOf(request).userId, id, userId);
    return reply.status(204).send();
  });
}
