import type { Message } from '@natter/protocol';
import { LIMITS, mentionsUser } from '@natter/protocol';
import type { RoomState, Timeline } from './state.js';
import { covers, firstIndexAbove } from './timeline.js';

/** Which messages after the read mark a count takes. */
type Counted = (message: Message) => boolean;

/**
 * Whether a message counts as unread for `me` (others' undeleted ones, not the room's `system`
 * lines, as on the server).
 */
const unreadFor =
  (me: string | undefined): Counted =>
  (message) =>
    message.senderId !== me && !message.deletedAt && message.type !== 'system';

/** Whether an unread message calls on `me`: it mentions them, or the group (as on the server). */
const mentioningFor =
  (me: string | undefined): Counted =>
  (message) =>
    me !== undefined && unreadFor(me)(message) && mentionsUser(message, me);

function countAbove(messages: readonly Message[], seq: number, counted: Counted): number {
  let n = 0;
  for (let i = firstIndexAbove(messages, seq); i < messages.length; i++) {
    if (counted(messages[i] as Message)) n++;
  }
  return n;
}

function countBetween(
  messages: readonly Message[],
  after: number,
  upTo: number,
  counted: Counted,
): number {
  let n = 0;
  for (let i = firstIndexAbove(messages, after); i < messages.length; i++) {
    const message = messages[i] as Message;
    if (message.seq > upTo) break;
    if (counted(message)) n++;
  }
  return n;
}

/**
 * A count of the messages after this user's read mark that `counted` takes. Exact when the
 * loaded messages cover everything after the mark; otherwise the server's count (`baseCount`, as
 * of the marks it came with) plus what arrived since, minus what was read since. The one case it
 * cannot see is a change to an unread message that was never loaded (its deletion, an edit that
 * drops a mention); the next rooms refresh corrects that.
 */
function deriveCount(
  room: RoomState,
  timeline: Timeline | undefined,
  counted: Counted,
  baseCount: number,
): number {
  const messages = timeline?.messages ?? [];
  const base = room.unreadBase;
  const readSeq = Math.max(room.lastReadSeq, base.readSeq);
  if (covers(messages, readSeq, room.lastSeq)) return countAbove(messages, readSeq, counted);

  const arrived = countAbove(messages, Math.max(readSeq, base.lastSeq), counted);
  if (readSeq >= base.lastSeq) return arrived;
  const readSince = countBetween(messages, base.readSeq, readSeq, counted);
  return Math.max(0, baseCount - readSince) + arrived;
}

/** A room's unread count: others' undeleted messages after this user's read mark. */
export function deriveUnread(
  room: RoomState,
  timeline: Timeline | undefined,
  me: string | undefined,
): number {
  return deriveCount(room, timeline, unreadFor(me), room.unreadBase.count);
}

/**
 * A room's mention count: its unread messages that mention this user or the group, counted up
 * to `LIMITS.mentionCountMax` as the server does. Past the cap the server's base is the cap, so
 * the count read from it is a floor until the next rooms refresh.
 */
export function deriveMentionCount(
  room: RoomState,
  timeline: Timeline | undefined,
  me: string | undefined,
): number {
  const count = deriveCount(room, timeline, mentioningFor(me), room.unreadBase.mentions);
  return Math.min(count, LIMITS.mentionCountMax);
}
