import type { ChatEvent } from './actions.js';
import {
  changeMessages,
  countNewReply,
  deleteMessage,
  holdsMessage,
  receiveMessages,
  withTimeline,
} from './messages-reducer.js';
import { intendReaction, settleReaction } from './reactions-reducer.js';
import { closeThread, extendThread, openThread } from './threads-reducer.js';
import {
  completeUpload,
  failPending,
  progressUpload,
  queuePending,
  removePending,
  restorePending,
  retryPending,
} from './outbox-reducer.js';
import {
  deliveredMarkMoved,
  membersChanged,
  presenceChanged,
  readMarksMoved,
  receiptsLoaded,
  removeRoom,
  roomsLoaded,
  upsertRoom,
} from './rooms-reducer.js';
import type { ChatState } from './state.js';
import { emptyTimeline } from './timeline.js';
import { typingChanged, typingExpired } from './typing-reducer.js';
import { applyHistoryPage } from './history-reducer.js';
import { userUpdated } from './users-reducer.js';
import { closeWindow, extendWindow, openWindow } from './window-reducer.js';

/**
 * The client's state machine: a pure function of the previous state and one event (a server
 * event, or the result of one of the SDK's requests). Every event can arrive twice or out of
 * order relative to the others, so each case is idempotent and merges rather than overwrites.
 */
export function applyEvent(state: ChatState, event: ChatEvent): ChatState {
  switch (event.type) {
    case 'message:new': {
      const message = event.payload;
      const next = typingChanged(state, message.roomId, message.senderId, false, event.receivedAt);
      const fromOther = message.senderId !== state.me?.id;
      const received = receiveMessages(next, message.roomId, [message], {
        deliveredUpTo: fromOther ? message.seq : undefined,
      });
      // A reply's parent counts it once: not again for a reply already held (a loaded page).
      return message.replyTo !== undefined && !holdsMessage(state, message)
        ? countNewReply(received, message)
        : received;
    }
    case 'message:updated':
      return changeMessages(state, event.payload.roomId, [event.payload]);
    case 'message:deleted': {
      // The server's time when it says it (an older server does not: then when it arrived).
      const { roomId, messageId, deletedAt } = event.payload;
      return deleteMessage(state, roomId, messageId, deletedAt ?? event.receivedAt);
    }
    case 'typing:update': {
      const { roomId, userId, isTyping } = event.payload;
      return typingChanged(state, roomId, userId, isTyping, event.receivedAt);
    }
    case 'messages:read:update':
      return readMarksMoved(state, event.payload.roomId, [event.payload]);
    case 'messages:read:batch':
      return readMarksMoved(state, event.payload.roomId, event.payload.reads);
    case 'messages:delivered:update': {
      const { roomId, userId, upToSeq } = event.payload;
      return deliveredMarkMoved(state, roomId, userId, upToSeq);
    }
    case 'presence:update':
      return presenceChanged(state, [event.payload]);
    case 'presence:batch':
      return presenceChanged(state, event.payload.updates);
    case 'room:new':
    case 'room:updated':
      return upsertRoom(state, event.payload, { live: true });
    case 'room:removed':
      return removeRoom(state, event.payload.roomId);
    case 'room/left':
      return removeRoom(state, event.roomId);
    case 'room:members':
      return membersChanged(state, event.payload);
    case 'user:updated':
      return userUpdated(state, event.payload.user);
    case 'sync:needed':
      // Changes no state: the client's resync (sync/resync.ts) answers it with messages:sync.
      return state;
    case 'conversation:updated':
    case 'conversation:note':
      // The support inbox's state (a later part of issue #10) will keep it; the chat has no use.
      return state;

    case 'session/started':
      return { ...state, me: event.user };
    case 'connection/changed':
      // Indicators of a connection that dropped cannot be trusted: their stops may be lost.
      return {
        ...state,
        connection: event.connection,
        typing:
          event.connection.status === 'ready' || event.connection.status === 'syncing'
            ? state.typing
            : {},
      };
    case 'rooms/loaded':
      return roomsLoaded(state, event.rooms);
    case 'room/fetched':
      return upsertRoom(state, event.room, { live: false });
    case 'history/loaded':
      return applyHistoryPage(state, event.roomId, event.page, event.before);
    case 'window/opened':
      return openWindow(state, event.roomId, event.anchorId, event.page);
    case 'window/extended':
      return extendWindow(state, event.roomId, event.anchorId, event.direction, event.page);
    case 'window/closed':
      return closeWindow(state, event.roomId);
    case 'sync/applied': {
      const { result, afterSeq } = event;
      let next = state.timelines[result.roomId]
        ? state
        : withTimeline(state, result.roomId, emptyTimeline(afterSeq));
      next = receiveMessages(next, result.roomId, result.messages, {
        deliveredUpTo: result.messages.at(-1)?.seq,
      });
      next = changeMessages(next, result.roomId, result.changes);
      next = receiptsLoaded(next, result.roomId, result.receipts);
      const timeline = next.timelines[result.roomId];
      // The cursor vouches for changes to messages up to afterSeq; it fits only a timeline that
      // holds everything up to there.
      if (!timeline || afterSeq > timeline.syncedSeq) return next;
      return withTimeline(next, result.roomId, {
        ...timeline,
        changesCursor: result.changesCursor,
      });
    }
    case 'presence/loaded':
      return presenceChanged(state, event.presence);
    case 'typing/expired':
      return typingExpired(state, event.now);
    case 'read/marked':
      return state.me
        ? readMarksMoved(state, event.roomId, [{ userId: state.me.id, upToSeq: event.upToSeq }])
        : state;
    case 'message/edited':
      return changeMessages(state, event.message.roomId, [event.message]);
    case 'message/deleted':
      return deleteMessage(state, event.roomId, event.messageId, event.at);

    case 'reaction/intended':
      return intendReaction(state, event.roomId, event.messageId, event.emoji, event.on);
    case 'reaction/settled':
      return settleReaction(state, event);
    case 'thread/opened':
      return receiptsLoaded(openThread(state, event), event.roomId, event.page.receipts);
    case 'thread/extended':
      return extendThread(state, event.parentId, event.page);
    case 'thread/closed':
      return closeThread(state, event.parentId);

    case 'outbox/queued':
      return queuePending(state, event.message);
    case 'outbox/restored':
      return restorePending(state, event.messages);
    case 'outbox/failed':
      return failPending(state, event.clientId, event.error);
    case 'outbox/retried':
      return retryPending(state, event.clientId);
    case 'outbox/acked':
      // The echo may have confirmed it already; either way one copy remains, keyed by id.
      return receiveMessages(removePending(state, [event.clientId]), event.message.roomId, [
        event.message,
      ]);
    case 'outbox/discarded':
      return removePending(state, [event.clientId]);
    case 'outbox/upload-progress':
      return progressUpload(state, event.clientId, event.index, event.progress);
    case 'outbox/uploaded':
      return completeUpload(state, event.clientId, event.index, event.attachmentId);
  }
}
