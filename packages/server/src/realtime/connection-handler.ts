import { CLIENT_FEATURES } from '@natter/protocol';
import type { SessionStore } from '../auth/session-store.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { ReactionService } from '../reactions/reaction-service.js';
import { removePreview } from '../link-previews/preview-removal.js';
import type { MessageService } from '../messages/message-service.js';
import type { AttentionService } from '../presence/attention-service.js';
import type { PresenceService } from '../presence/presence-service.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import type { ReceiptService } from '../receipts/receipt-service.js';
import type { RoundRobinAssigner } from '../support/round-robin-assigner.js';
import type { TypingTracker } from '../typing/typing-tracker.js';
import { batchesAsSingleEvents } from './batches-for-old-clients.js';
import { channels, roomIdOfChannel } from './channels.js';
import { eventDispatcher, serveEvents } from './handle-event.js';
import { settleHandshake } from './handshake-membership.js';
import type { HandshakeWindow } from './handshake-window.js';
import { privacyChannelsToJoin, sharesReadReceipts, sharesTyping } from './privacy-channels.js';
import type { RequestDrain } from './request-drain.js';
import type { NatterSocket } from './socket-types.js';

export interface ConnectionDeps {
  db: Db;
  sessions: SessionStore;
  /** Whether a handshake's first read still stands once the socket is in its channels. */
  handshakeWindow: HandshakeWindow;
  messages: MessageService;
  reactions: ReactionService;
  receipts: ReceiptService;
  typing: TypingTracker;
  presence: PresenceService;
  /** Which users have a device showing the chat (no pushes for them). */
  attention: AttentionService;
  /** Support conversations' auto-assignment, told of visitors' messages after their ack. */
  roundRobin: RoundRobinAssigner;
  rateLimits: RateLimits;
  /** Told of every packet this node hands a socket: delivery marks (mark-delivered-on-hand-over.ts). */
  onOutgoing: (this: NatterSocket, event: string, payload: unknown) => void;
  /** Requests one socket may have unanswered (`SocketLimits.maxRequestsInFlight`). */
  maxRequestsInFlight: number;
  /** The node's requests in flight, refused while it shuts down. */
  requests: RequestDrain;
  log: Logger;
}

/**
 * Builds, once per server, what sets up each authenticated socket: its channels, presence, and
 * every client event, each with its per-user budget. Handlers are thin: budget and validate (in
 * the dispatcher, handle-event.ts), authorize and act (in the services), ack. The handler table
 * and its dispatcher are the server's, shared by every socket: an idle socket holds its data and
 * its channels, not a closure per event.
 */
export function connectionHandler(deps: ConnectionDeps): (socket: NatterSocket) => void {
  const { messages, reactions, receipts, typing, presence, attention, rateLimits, log } = deps;
  const isInRoom = (socket: NatterSocket, roomId: string) =>
    socket.rooms.has(channels.room(roomId));

  // Visitors (website widget) may use every event bounded by the membership rule, which keeps
  // them in their own support rooms; not `presence:get`, which asks about people.
  const dispatch = eventDispatcher(
    {
      'message:send': {
        budget: 'messagesPerUser',
        visitors: 'allowed',
        run: async (input, { data: { userId, principal } }) => {
          const { message, created } = await messages.send(userId, input);
          typing.stop(input.roomId, userId);
          // Only a visitor's message can open a support conversation's turn: no other send waits.
          if (created && principal === 'visitor') {
            deps.roundRobin.visitorSent(input.roomId, userId, message.seq);
          }
          return { message, clientId: input.clientId };
        },
      },
      'message:edit': {
        budget: 'editsPerUser',
        visitors: 'allowed',
        run: async (input, { data: { userId } }) => ({
          message: await messages.edit(userId, input.messageId, input.content),
        }),
      },
      'message:delete': {
        budget: 'deletesPerUser',
        visitors: 'allowed',
        run: async (input, { data: { userId } }) => {
          return messages.delete(userId, input.messageId);
        },
      },
      'reaction:add': {
        budget: 'reactionsPerUser',
        visitors: 'allowed',
        run: async (input, { data: { userId } }) => ({
          message: await reactions.add(userId, input.messageId, input.emoji),
        }),
      },
      'reaction:remove': {
        budget: 'reactionsPerUser',
        visitors: 'allowed',
        run: async (input, { data: { userId } }) => ({
          message: await reactions.remove(userId, input.messageId, input.emoji),
        }),
      },
      // An edit of sorts: the author's own, on the same budget.
      'message:preview:remove': {
        budget: 'editsPerUser',
        visitors: 'allowed',
        run: async (input, { data: { userId } }) => ({
          message: await removePreview(messages, userId, input.messageId),
        }),
      },
      'messages:load': {
        budget: 'loadsPerUser',
        visitors: 'allowed',
        run: (input, { data: { userId } }) => messages.load(userId, input),
      },
      'messages:sync': {
        budget: 'syncsPerUser',
        visitors: 'allowed',
        run: async (input, { data: { userId } }) => ({
          rooms: await messages.sync(userId, input),
        }),
      },
      'messages:read': {
        budget: 'readsPerUser',
        visitors: 'allowed',
        run: async (input, socket) => {
          await receipts.markRead(socket.data.userId, input.roomId, input.upToMessageId, {
            shared: sharesReadReceipts(socket),
          });
          return {};
        },
      },
      'presence:get': {
        budget: 'presencePerUser',
        run: async (input, { data: { userId } }) => ({
          presence: await presence.presenceOf(userId, input.userIds),
        }),
      },
      // Runs after setup (as every request does), which counted the socket in as the handshake
      // said: a later change wins.
      'visibility:set': {
        budget: 'visibilityPerUser',
        visitors: 'allowed',
        run: async ({ visible }, socket) => {
          // Gone while its budget was spent: counting it in now would outlive its socketGone.
          if (socket.disconnected) return {};
          socket.data.visible = visible;
          await attention.socketVisible(socket.data.userId, socket.id, visible);
          return {};
        },
      },
      // Typing needs no database: the socket's own channels say whether the user is in the room,
      // and whether they share their typing (privacy-channels.ts). Start and stop share one
      // budget: a stop dropped over it only lets the indicator expire.
      'typing:start': {
        budget: 'typingPerUser',
        visitors: 'allowed',
        run: ({ roomId }, socket) => {
          if (isInRoom(socket, roomId) && sharesTyping(socket)) {
            typing.start(roomId, socket.data.userId, socket.id);
          }
        },
      },
      'typing:stop': {
        budget: 'typingPerUser',
        visitors: 'allowed',
        run: ({ roomId }, socket) => {
          if (isInRoom(socket, roomId)) typing.stop(roomId, socket.data.userId);
        },
      },
    },
    { rateLimits, maxInFlight: deps.maxRequestsInFlight, drain: deps.requests },
    log,
  );

  /** Every socket's `disconnecting` listener (the socket is `this`): no closure per socket. */
  function socketLeaving(this: NatterSocket): void {
    const { userId, ready } = this.data;
    const socketId = this.id;
    const roomIds = [...this.rooms].map(roomIdOfChannel).filter((id): id is string => !!id);
    typing.stopAllOfSocket(socketId);
    presence.socketLeaving(userId, socketId, roomIds, ready);
    // A socket whose setup failed was never counted in (the failure is logged where it happened).
    ready.then(
      () =>
        attention
          .socketGone(userId, socketId)
          .catch((error: unknown) => log.warn({ err: error }, 'attention not updated')),
      () => undefined,
    );
  }

  return (socket) => {
    const { userId, sessionId } = socket.data;
    // Joined synchronously as the socket connects: it is in all of its rooms before it can
    // receive anything. What changed while the handshake ran (a removal, an addition, a logout)
    // is settled once these joins are made (handshake-membership.ts).
    socket.join([
      channels.user(userId),
      channels.session(sessionId),
      ...socket.data.roomIds.map(channels.room),
      ...privacyChannelsToJoin(socket.data.privacy),
      ...socket.data.blockedIds.map(channels.blockersOf),
    ]);
    socket.data.ready = (async () => {
      const settled = await settleHandshake(socket, deps);
      if (!settled) return;
      await Promise.all([
        presence.socketConnected(userId, socket.id, settled.roomIds, settled.blockedIds),
        attention.socketVisible(userId, socket.id, socket.data.visible),
      ]);
    })();
    socket.data.ready.catch((error: unknown) => {
      log.error({ err: error }, 'socket setup failed');
      socket.disconnect(true);
    });

    socket.onAnyOutgoing(deps.onOutgoing);
    if (socket.data.features.length < CLIENT_FEATURES.length) {
      socket.onAnyOutgoing(batchesAsSingleEvents);
    }
    serveEvents(socket, dispatch);

    socket.on('disconnecting', socketLeaving);
  };
}
