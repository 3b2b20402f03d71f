import {
  messageDeleteSchema,
  messageEditSchema,
  messageSendSchema,
  messagesLoadSchema,
  messagesReadSchema,
  messagesSyncSchema,
  presenceGetSchema,
  typingSchema,
} from '@natter/protocol';
import type { SessionStore } from '../auth/session-store.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { MessageService } from '../messages/message-service.js';
import type { PresenceService } from '../presence/presence-service.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import type { ReceiptService } from '../receipts/receipt-service.js';
import type { TypingTracker } from '../typing/typing-tracker.js';
import { channels, roomIdOfChannel } from './channels.js';
import { onRequest, onSignal } from './handle-event.js';
import { settleHandshake } from './handshake-membership.js';
import type { NatterSocket } from './socket-types.js';

export interface ConnectionDeps {
  db: Db;
  sessions: SessionStore;
  messages: MessageService;
  receipts: ReceiptService;
  typing: TypingTracker;
  presence: PresenceService;
  rateLimits: RateLimits;
  log: Logger;
}

/**
 * Sets up one authenticated socket: its channels, presence, and every client event. Handlers
 * are thin: validate (in onRequest), authorize and act (in the services), ack.
 */
export function handleConnection(socket: NatterSocket, deps: ConnectionDeps): void {
  const { userId, sessionId } = socket.data;
  const { messages, receipts, typing, presence, rateLimits, log } = deps;

  // Joined synchronously as the socket connects: it is in all of its rooms before it can receive
  // anything. What changed while the handshake ran (a removal, an addition, a logout) is settled
  // by re-reading once these joins are made.
  socket.join([
    channels.user(userId),
    channels.session(sessionId),
    ...socket.data.roomIds.map(channels.room),
  ]);
  socket.data.ready = (async () => {
    const roomIds = await settleHandshake(socket, deps);
    if (roomIds) await presence.socketConnected(userId, socket.id, roomIds);
  })();
  socket.data.ready.catch((error: unknown) => {
    log.error({ err: error }, 'socket setup failed');
    socket.disconnect(true);
  });

  const isInRoom = (roomId: string) => socket.rooms.has(channels.room(roomId));

  onRequest(
    socket,
    'message:send',
    messageSendSchema,
    async (input) => {
      await rateLimits.consume('messagesPerUser', userId);
      const { message } = await messages.send(userId, input);
      typing.stop(input.roomId, userId);
      return { message, clientId: input.clientId };
    },
    log,
  );
  onRequest(
    socket,
    'message:edit',
    messageEditSchema,
    async (input) => ({ message: await messages.edit(userId, input.messageId, input.content) }),
    log,
  );
  onRequest(
    socket,
    'message:delete',
    messageDeleteSchema,
    async (input) => {
      await messages.delete(userId, input.messageId);
      return {};
    },
    log,
  );
  onRequest(
    socket,
    'messages:load',
    messagesLoadSchema,
    (input) => messages.load(userId, input),
    log,
  );
  onRequest(
    socket,
    'messages:sync',
    messagesSyncSchema,
    async (input) => ({ rooms: await messages.sync(userId, input) }),
    log,
  );
  onRequest(
    socket,
    'messages:read',
    messagesReadSchema,
    async (input) => {
      await receipts.markRead(userId, input.roomId, input.upToMessageId);
      return {};
    },
    log,
  );
  onRequest(
    socket,
    'presence:get',
    presenceGetSchema,
    async (input) => ({ presence: await presence.presenceOf(userId, input.userIds) }),
    log,
  );

  // Typing needs no database: the socket's own channels say whether the user is in the room.
  onSignal(
    socket,
    'typing:start',
    typingSchema,
    async ({ roomId }) => {
      if (!isInRoom(roomId) || !(await rateLimits.tryConsume('typingPerUser', userId))) return;
      typing.start(roomId, userId, socket.id);
    },
    log,
  );
  onSignal(
    socket,
    'typing:stop',
    typingSchema,
    ({ roomId }) => {
      if (isInRoom(roomId)) typing.stop(roomId, userId);
    },
    log,
  );

  socket.on('disconnecting', () => {
    const roomIds = [...socket.rooms].map(roomIdOfChannel).filter((id): id is string => !!id);
    typing.stopAllOfSocket(socket.id);
    socket.data.ready
      .then(() => presence.socketDisconnected(userId, socket.id, roomIds))
      .catch((error: unknown) => log.error({ err: error }, 'presence update on disconnect failed'));
  });
}
