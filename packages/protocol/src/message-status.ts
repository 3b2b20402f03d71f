import type { MemberReceipt, MessageStatus } from './entities.js';

/**
 * A message's status from its room members' receipt marks, as PROTOCOL.md defines it: `read`
 * once every participant other than its sender has read it, `delivered` once every one has
 * received it, `sent` before (and in a room with nobody else). The server stamps messages with it
 * and the SDK re-derives it as receipts arrive, so both must read the marks the same way.
 */
export function messageStatus(
  message: { seq: number; senderId: string },
  members: Iterable<MemberReceipt>,
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
