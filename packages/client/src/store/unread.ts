import type { Message } from '@natter/protocol';
import type { RoomState, Timeline } from './state.js';
import { covers, firstIndexAbove } from './timeline.js';

/**
 * Whether a message counts as unread for `me` (others' undeleted ones, not the room's `system`
 * lines, as on the server).
 */
const counts = (message: Message, me: string | undefined) =>
  message.senderId !== me && !message.deletedAt && message.type !== 'system';

function countAbove(messages: readonly Message[], seq: number, me: string | undefined): number {
  let n = 0;
  for (let i = firstIndexAbove(messages, seq); i < messages.length; i++) {
    if (counts(messages[i] as Message, me)) n++;
  }
  return n;
}

function countBetween(
  messages: readonly Message[],
  after: number,
  upTo: number,
  me: string | undefined,
): number {
  let n = 0;
  for (let i = firstIndexAbove(messages, after); i < messages.length; i++) {
    const message = messages[i] as Message;
    if (message.seq > upTo) break;
    if (counts(message, me)) n++;
  }
  return n;
}

/**
 * A room's unread count: others' undeleted messages after this user's read mark. Exact when the
 * loaded messages cover everything after the mark; otherwise the server's count (as of the marks
 * it came with) plus what arrived since, minus what was read since. The one case it cannot see is
 * the deletion of an unread message that was never loaded; the next rooms refresh corrects that.
 */
export function deriveUnread(
  room: RoomState,
  timeline: Timeline | undefined,
  me: string | undefined,
): number {
  const messages = timeline?.messages ?? [];
  const base = room.unreadBase;
  const readSeq = Math.max(room.lastReadSeq, base.readSeq);
  if (covers(messages, readSeq, room.lastSeq)) return countAbove(messages, readSeq, me);

  const arrived = countAbove(messages, Math.max(readSeq, base.lastSeq), me);
  if (readSeq >= base.lastSeq) return arrived;
  const readSince = countBetween(messages, base.readSeq, readSeq, me);
  return Math.max(0, base.count - readSince) + arrived;
}
