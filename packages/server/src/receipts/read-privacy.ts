import type { MemberMarks } from './message-status.js';

/** A member's marks and their read-receipts setting (`users.read_receipts`). */
export interface SharingMarks extends MemberMarks {
  sharesReads: boolean;
}

/**
 * Members' receipt marks as one reader may see them (docs/protocol.md, Privacy). Read receipts
 * are mutual, as in WhatsApp: another member's read mark shows only when both of them share
 * reads; otherwise it shows as 0 (their delivered mark stays), so no status derived from it is
 * ever `read` because of them, on the server or in a client that re-derives statuses from the
 * marks. The reader's own marks are always theirs. A reader who is not among the members (a
 * message presented for a room its sender left) counts as sharing: others' settings still hold.
 */
export function marksSeenBy(members: readonly SharingMarks[], readerId: string): MemberMarks[] {
  const readerShares = members.find((m) => m.userId === readerId)?.sharesReads ?? true;
  return members.map((member) => ({
    userId: member.userId,
    lastReadSeq:
      member.userId === readerId || (readerShares && member.sharesReads) ? member.lastReadSeq : 0,
    lastDeliveredSeq: member.lastDeliveredSeq,
  }));
}
