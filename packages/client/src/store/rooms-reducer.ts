import type { MemberReceipt, Presence, Room, RoomMembersEvent } from '@natter/protocol';
import { deriveRoom } from './derive-room.js';
import { withRoom } from './messages-reducer.js';
import { raiseMarks } from './receipts.js';
import type { ChatState, RoomState } from './state.js';
import { newerCopy } from './timeline.js';
import { omit } from '../util/omit.js';

/**
 * A room from the server, merged with what live events taught us since its payload was computed:
 * the payload may be older than a message that already arrived, and marks never go back.
 */
function mergeRoom(room: Room, existing: RoomState | undefined): RoomState {
  const unreadBase = {
    count: room.unreadCount,
    mentions: room.mentionCount ?? 0,
    readSeq: room.lastReadSeq,
    lastSeq: room.lastSeq,
  };
  const next: RoomState = { ...room, unreadBase };
  if (!existing) return next;
  next.lastReadSeq = Math.max(room.lastReadSeq, existing.lastReadSeq);
  if (existing.lastSeq > room.lastSeq) {
    next.lastSeq = existing.lastSeq;
    next.lastActivityAt = existing.lastActivityAt;
    if (existing.lastMessage) next.lastMessage = existing.lastMessage;
  } else if (existing.lastMessage && room.lastMessage?.id === existing.lastMessage.id) {
    next.lastMessage = newerCopy(existing.lastMessage, room.lastMessage);
  }
  return next;
}

/** Stores a room payload (room:new, room:updated, a REST answer). */
export function upsertRoom(state: ChatState, room: Room, options: { live: boolean }): ChatState {
  const existing = state.rooms[room.id];
  let next = withRoom(state, mergeRoom(room, existing));
  let marks = next.receipts[room.id] ?? {};
  const me = next.me?.id;
  if (me) marks = raiseMarks(marks, me, { readSeq: room.lastReadSeq });
  if (options.live && existing) {
    // The server starts a new member caught up: history before they joined is not theirs to read.
    for (const userId of room.participants) {
      if (!existing.participants.includes(userId)) {
        marks = raiseMarks(marks, userId, { readSeq: room.lastSeq });
      }
    }
  }
  next = { ...next, receipts: { ...next.receipts, [room.id]: marks } };
  return deriveRoom(next, room.id);
}

/**
 * A group's membership changed (`room:members`): participants join or leave, roles, the add
 * policy, the name and the colour change. Those who join start caught up, at `joinedAtSeq`. A room this client does not
 * hold is left alone: its `room:new` or the next rooms list brings all of it.
 */
export function membersChanged(state: ChatState, event: RoomMembersEvent): ChatState {
  const room = state.rooms[event.roomId];
  if (!room) return state;
  const added = (event.added ?? []).filter((id) => !room.participants.includes(id));
  const removed = new Set(event.removed);
  const next: RoomState = {
    ...room,
    participants: [...room.participants.filter((id) => !removed.has(id)), ...added],
  };
  if (room.roles || event.roles) {
    // Only moderators are listed: a member made plain again, or gone, drops out.
    next.roles = Object.fromEntries(
      Object.entries({ ...room.roles, ...event.roles }).flatMap(([userId, role]) =>
        role === 'member' || removed.has(userId) ? [] : [[userId, role]],
      ),
    ) as NonNullable<Room['roles']>;
  }
  if (event.memberAddPolicy) next.memberAddPolicy = event.memberAddPolicy;
  if (event.name !== undefined) next.name = event.name;
  if (event.color !== undefined) next.color = event.color;
  let marks = state.receipts[event.roomId] ?? {};
  for (const userId of removed) if (userId in marks) marks = omit(marks, userId);
  for (const userId of added) {
    marks = raiseMarks(marks, userId, {
      readSeq: event.joinedAtSeq ?? 0,
      deliveredSeq: event.joinedAtSeq ?? 0,
    });
  }
  const withMembers = withRoom(state, next);
  return { ...withMembers, receipts: { ...withMembers.receipts, [event.roomId]: marks } };
}

/** The complete room list: rooms missing from it are gone, with everything of theirs. */
export function roomsLoaded(state: ChatState, rooms: readonly Room[]): ChatState {
  const keep = new Set(rooms.map((r) => r.id));
  let next = state;
  for (const roomId of Object.keys(state.rooms))
    if (!keep.has(roomId)) next = removeRoom(next, roomId);
  for (const roomId of Object.keys(state.timelines))
    if (!keep.has(roomId)) next = removeRoom(next, roomId);
  for (const room of rooms) next = upsertRoom(next, room, { live: false });
  return next;
}

export function removeRoom(state: ChatState, roomId: string): ChatState {
  const without = <T>(record: Readonly<Record<string, T>>): Readonly<Record<string, T>> =>
    roomId in record ? omit(record, roomId) : record;
  return {
    ...state,
    rooms: without(state.rooms),
    timelines: without(state.timelines),
    windows: without(state.windows),
    outbox: without(state.outbox),
    receipts: without(state.receipts),
    typing: without(state.typing),
  };
}

/** Members' read marks moved (theirs from the server, or this user's own). */
export function readMarksMoved(
  state: ChatState,
  roomId: string,
  reads: readonly { userId: string; upToSeq: number }[],
): ChatState {
  return marksRaised(
    state,
    roomId,
    reads.map((read) => ({ userId: read.userId, readSeq: read.upToSeq })),
  );
}

/**
 * Every member's marks as a load or sync answer carries them: what the server knew when it
 * answered, including receipts given while this client was away. Merged with the live ones
 * forward only, so it does not matter which arrives first.
 */
export function receiptsLoaded(
  state: ChatState,
  roomId: string,
  receipts: readonly MemberReceipt[],
): ChatState {
  if (receipts.length === 0) return state;
  return marksRaised(
    state,
    roomId,
    receipts.map((r) => ({
      userId: r.userId,
      readSeq: r.lastReadSeq,
      deliveredSeq: r.lastDeliveredSeq,
    })),
  );
}

/**
 * Raises members' marks (never lowers them). This user's own read mark may have moved on another
 * device: the room's read mark, and so its unread count, follow it.
 */
function marksRaised(
  state: ChatState,
  roomId: string,
  raises: readonly { userId: string; readSeq?: number; deliveredSeq?: number }[],
): ChatState {
  const marks = state.receipts[roomId] ?? {};
  let raised = marks;
  for (const { userId, ...raise } of raises) raised = raiseMarks(raised, userId, raise);
  let next =
    raised === marks ? state : { ...state, receipts: { ...state.receipts, [roomId]: raised } };
  const room = next.rooms[roomId];
  const ownReadSeq = raises.find((r) => r.userId === next.me?.id)?.readSeq;
  if (room && ownReadSeq !== undefined && ownReadSeq > room.lastReadSeq) {
    next = withRoom(next, { ...room, lastReadSeq: ownReadSeq });
  }
  return deriveRoom(next, roomId);
}

export function deliveredMarkMoved(
  state: ChatState,
  roomId: string,
  userId: string,
  upToSeq: number,
): ChatState {
  const marks = state.receipts[roomId] ?? {};
  const raised = raiseMarks(marks, userId, { deliveredSeq: upToSeq });
  return raised === marks ? state : { ...state, receipts: { ...state.receipts, [roomId]: raised } };
}

export function presenceChanged(state: ChatState, presence: readonly Presence[]): ChatState {
  if (presence.length === 0) return state;
  const next = { ...state.presence };
  for (const p of presence) next[p.userId] = p;
  return { ...state, presence: next };
}
