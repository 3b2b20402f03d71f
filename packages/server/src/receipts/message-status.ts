import type { MemberReceipt, MessageStatus } from '@natter/protocol';

/** A member's receipt marks in one room. */
export interface MemberMarks {
  userId: string;
  lastReadSeq: number;
  lastDeliveredSeq: number;
}

/** A member's marks as the wire carries them (`receipts` in load and sync answers). */
export function presentReceipt(member: MemberMarks): MemberReceipt {
  return {
    userId: member.userId,
    lastReadSeq: member.lastReadSeq,
    lastDeliveredSeq: member.lastDeliveredSeq,
  };
}

/**
 * A message's status as PROTOCOL.md defines it: `read` once every participant other than its
 * sender has read it, `delivered` once every one has received it, `sent` before (and in a room
 * with nobody else).
 */
export function messageStatus(
  message: { seq: number; senderId: string },
  members: readonly MemberMarks[],
): MessageStatus {
  let others = 0;
  let minRead = Infinity;
  let minDelivered = Infinity;
  for (const member of members) {
    if (member.userId === message.senderId) continue;
    others++;
    minRead = Math.min(minRead, member.lastReadSeq);
    minDelivered = Math.min(minDelivered, member.lastDeliveredSeq);
  }
  if (others === 0) return 'sent';
  if (minRead >= message.seq) return 'read';
  if (minDelivered >= message.seq) return 'delivered';
  return 'sent';
}
