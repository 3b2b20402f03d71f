import type { MemberReceipt } from '@natter/protocol';

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
