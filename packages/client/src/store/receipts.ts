import { messageStatus, supportMessageStatus } from '@natter/protocol';
import type { Message, MessageStatus } from '@natter/protocol';
import type { Marks } from './state.js';
import { maxStatus } from './timeline.js';

export type RoomMarks = Readonly<Record<string, Marks>>;

const NO_MARKS: Marks = { readSeq: 0, deliveredSeq: 0 };

/** Raises a member's marks (they never go back); returns `marks` itself when nothing moves. */
export function raiseMarks(
  marks: RoomMarks,
  userId: string,
  raise: { readSeq?: number; deliveredSeq?: number },
): RoomMarks {
  const current = marks[userId] ?? NO_MARKS;
  const readSeq = Math.max(current.readSeq, raise.readSeq ?? 0);
  // Reading implies having received: the server moves the delivered mark with the read one.
  const deliveredSeq = Math.max(current.deliveredSeq, raise.deliveredSeq ?? 0, readSeq);
  if (readSeq === current.readSeq && deliveredSeq === current.deliveredSeq) return marks;
  return { ...marks, [userId]: { readSeq, deliveredSeq } };
}

/**
 * What the statuses of server messages reveal about members' marks: a message `read` (or
 * `delivered`) means every participant but its sender has read (or received) up to its seq. This
 * lets a freshly loaded history show the same ticks as one that saw every receipt live.
 */
export function inferMarks(
  marks: RoomMarks,
  participants: readonly string[],
  messages: readonly Message[],
): RoomMarks {
  // Per sender, only the highest seq of each status matters.
  const highest = new Map<string, { readSeq: number; deliveredSeq: number }>();
  for (const message of messages) {
    if (message.status === 'sent') continue;
    const entry = highest.get(message.senderId) ?? { readSeq: 0, deliveredSeq: 0 };
    if (message.status === 'read') entry.readSeq = Math.max(entry.readSeq, message.seq);
    entry.deliveredSeq = Math.max(entry.deliveredSeq, message.seq);
    highest.set(message.senderId, entry);
  }
  let next = marks;
  for (const [senderId, raise] of highest) {
    for (const userId of participants) {
      if (userId !== senderId) next = raiseMarks(next, userId, raise);
    }
  }
  return next;
}

/**
 * A message's status derived from receipt marks by the protocol's rule (the one the server
 * stamps with), or in a support room (`visitorId`) by its two sides' rule. The status the message
 * carried is a floor: marks of members we never heard from count as zero, and in a room with
 * nobody else the server's word stands.
 */
export function deriveStatus(
  message: Pick<Message, 'seq' | 'senderId' | 'status'>,
  participants: readonly string[],
  marks: RoomMarks | undefined,
  visitorId?: string,
): MessageStatus {
  if (!participants.some((userId) => userId !== message.senderId)) return message.status;
  const members = participants.map((userId) => {
    const member = marks?.[userId] ?? NO_MARKS;
    return { userId, lastReadSeq: member.readSeq, lastDeliveredSeq: member.deliveredSeq };
  });
  const derived =
    visitorId === undefined
      ? messageStatus(message, members)
      : supportMessageStatus(message, members, visitorId);
  return maxStatus(message.status, derived);
}
