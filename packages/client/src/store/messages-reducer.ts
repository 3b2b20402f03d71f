import type { Message } from '@natter/protocol';
import { inferMarks, raiseMarks } from './receipts.js';
import { deriveRoom } from './derive-room.js';
import { removePending } from './outbox-reducer.js';
import { receiveReplies, threadHolds, updateThreadMessages } from './threads-reducer.js';
import type { ChatState, HistoryWindow, RoomState, Timeline } from './state.js';
import {
  advanceSyncedSeq,
  emptyTimeline,
  mergeMessages,
  newerCopy,
  tombstone,
  updateMessage,
} from './timeline.js';

export interface ReceiveOptions {
  /**
   * The server moves this user's delivery mark up to this seq as it hands the messages over (a
   * live message of someone else, the newest of a page): mirrored here so ticks don't wait for
   * the `messages:delivered:update` that follows.
   */
  deliveredUpTo?: number | undefined;
}

/**
 * Stores messages the server sent (live, acked, synced or loaded): deduped by id, ordered by seq,
 * confirming this user's pending copies by clientId, and moving the room's summary along.
 */
export function receiveMessages(
  state: ChatState,
  roomId: string,
  messages: readonly Message[],
  options: ReceiveOptions = {},
): ChatState {
  if (messages.length === 0) return state;
  const timeline = state.timelines[roomId] ?? emptyTimeline(seedOf(state, roomId, messages));
  const merged = mergeMessages(timeline.messages, messages);
  const next = withTimeline(state, roomId, {
    ...timeline,
    messages: merged,
    syncedSeq: advanceSyncedSeq(merged, timeline.syncedSeq),
  });
  const confirmed = confirmPending(next, messages);
  const delivered = markDelivered(confirmed, roomId, options.deliveredUpTo);
  const replied = receiveReplies(delivered, messages);
  return deriveRoom(withSummary(replied, roomId, merged, messages), roomId);
}

/** Whether the store already holds a confirmed message (its room's timeline, window or thread). */
export function holdsMessage(state: ChatState, message: Message): boolean {
  const held = (messages: readonly Message[] | undefined) =>
    messages?.some((m) => m.id === message.id) ?? false;
  return (
    held(state.timelines[message.roomId]?.messages) ||
    held(state.windows[message.roomId]?.messages) ||
    threadHolds(state, message)
  );
}

/**
 * A reply new to the store: its parent's `replyCount` grows by one wherever the parent is held
 * (the server sends no update of the parent for it, docs/protocol.md "Replies as threads"). The
 * parent keeps its revision, so the server's next copy of it, which counts this reply, wins.
 */
export function countNewReply(state: ChatState, reply: Message): ChatState {
  const parentId = reply.replyTo;
  if (parentId === undefined) return state;
  const update = (loaded: readonly Message[]) =>
    updateMessage(loaded, parentId, (m) => ({ ...m, replyCount: (m.replyCount ?? 0) + 1 }));
  return updateHeldCopies(state, reply.roomId, update);
}

/** Applies `update` to every copy of a room's messages the store holds: timeline, window, threads. */
function updateHeldCopies(
  state: ChatState,
  roomId: string,
  update: (messages: readonly Message[]) => readonly Message[],
): ChatState {
  let next = updateThreadMessages(updateWindowMessages(state, roomId, update), roomId, update);
  const timeline = next.timelines[roomId];
  if (timeline) {
    const messages = update(timeline.messages);
    if (messages !== timeline.messages)
      next = withTimeline(next, roomId, { ...timeline, messages });
  }
  return next;
}

/**
 * Applies the current state of messages that were edited or deleted. Only loaded messages (and
 * the room's last message) change: an unloaded one arrives current with its history page, and
 * inserting it now would leave a gap in the timeline.
 */
export function changeMessages(
  state: ChatState,
  roomId: string,
  messages: readonly Message[],
): ChatState {
  if (messages.length === 0) return state;
  const update = (loaded: readonly Message[]) => {
    let updated = loaded;
    for (const message of messages) {
      updated = updateMessage(updated, message.id, (current) => newerCopy(current, message));
    }
    return updated;
  };
  let next = updateHeldCopies(state, roomId, update);
  const room = next.rooms[roomId];
  const last = room?.lastMessage;
  const lastUpdate = last && messages.find((m) => m.id === last.id);
  if (room && last && lastUpdate)
    next = withRoom(next, { ...room, lastMessage: newerCopy(last, lastUpdate) });
  return deriveRoom(next, roomId);
}

/** A deletion the server announced (or acked): the message becomes a tombstone. */
export function deleteMessage(
  state: ChatState,
  roomId: string,
  messageId: string,
  /** The server's `deletedAt`, or (from an older server) when the client learnt of it. */
  at: number | string,
): ChatState {
  const deletedAt = new Date(at).toISOString();
  const update = (loaded: readonly Message[]) =>
    updateMessage(loaded, messageId, (m) => tombstone(m, deletedAt));
  let next = updateHeldCopies(state, roomId, update);
  const room = next.rooms[roomId];
  if (room?.lastMessage?.id === messageId) {
    next = withRoom(next, { ...room, lastMessage: tombstone(room.lastMessage, deletedAt) });
  }
  return deriveRoom(next, roomId);
}

export function withTimeline(state: ChatState, roomId: string, timeline: Timeline): ChatState {
  return { ...state, timelines: { ...state.timelines, [roomId]: timeline } };
}

export function withWindow(state: ChatState, roomId: string, window: HistoryWindow): ChatState {
  return { ...state, windows: { ...state.windows, [roomId]: window } };
}

/**
 * Applies `update` to the messages of a room's history window, if it shows one: a message there
 * is edited, deleted or renamed like the timeline's copy.
 */
export function updateWindowMessages(
  state: ChatState,
  roomId: string,
  update: (messages: readonly Message[]) => readonly Message[],
): ChatState {
  const window = state.windows[roomId];
  if (!window) return state;
  const messages = update(window.messages);
  return messages === window.messages ? state : withWindow(state, roomId, { ...window, messages });
}

export function withRoom(state: ChatState, room: RoomState): ChatState {
  return { ...state, rooms: { ...state.rooms, [room.id]: room } };
}

/**
 * Where a timeline created by these messages starts: what the room list already accounts for is
 * history (loaded on demand), what follows is synced.
 */
function seedOf(state: ChatState, roomId: string, messages: readonly Message[]): number {
  const first = Math.min(...messages.map((m) => m.seq));
  return Math.min(state.rooms[roomId]?.lastSeq ?? first - 1, first - 1);
}

function markDelivered(state: ChatState, roomId: string, upTo: number | undefined): ChatState {
  const me = state.me?.id;
  if (!me || upTo === undefined) return state;
  const marks = state.receipts[roomId] ?? {};
  const raised = raiseMarks(marks, me, { deliveredSeq: upTo });
  return raised === marks ? state : { ...state, receipts: { ...state.receipts, [roomId]: raised } };
}

/** This user's messages that the server confirmed: their pending copies go. */
function confirmPending(state: ChatState, messages: readonly Message[]): ChatState {
  const me = state.me?.id;
  const clientIds = messages
    .filter((m) => m.clientId !== undefined && (me === undefined || m.senderId === me))
    .map((m) => m.clientId as string);
  return removePending(state, clientIds);
}

/** Moves the room's last message, seq and activity forward, and reads receipts off statuses. */
function withSummary(
  state: ChatState,
  roomId: string,
  merged: readonly Message[],
  incoming: readonly Message[],
): ChatState {
  const room = state.rooms[roomId];
  if (!room) return state;
  let next: RoomState = room;
  const newest = merged.at(-1);
  if (newest && newest.seq >= room.lastSeq && newest !== room.lastMessage) {
    next = {
      ...next,
      lastSeq: newest.seq,
      lastMessage: newest,
      lastActivityAt:
        newest.createdAt > room.lastActivityAt ? newest.createdAt : room.lastActivityAt,
    };
  }
  let result = next === room ? state : withRoom(state, next);
  const marks = state.receipts[roomId] ?? {};
  const inferred = inferMarks(marks, room.participants, incoming);
  if (inferred !== marks)
    result = { ...result, receipts: { ...result.receipts, [roomId]: inferred } };
  return result;
}
