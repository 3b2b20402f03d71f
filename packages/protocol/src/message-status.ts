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

/**
 * A message's status as the two sides of a support conversation see it: `delivered` / `read` once
 * anyone on the other side has received / read it. For a visitor's message that is any agent
 * (whoever of the team answers, not every agent of the site); for an agent's, the visitor. Never
 * below `messageStatus` (whose "every other participant" spans both sides), so the status a
 * message carries stays a floor.
 */
export function supportMessageStatus(
  message: { seq: number; senderId: string },
  members: Iterable<MemberReceipt>,
  visitorId: string,
): MessageStatus {
  const fromVisitor = message.senderId === visitorId;
  let otherSide = 0;
  let maxRead = 0;
  let maxDelivered = 0;
  for (const member of members) {
    if (member.userId === message.senderId || (member.userId === visitorId) === fromVisitor) {
      continue;
    }
    otherSide++;
    maxRead = Math.max(maxRead, member.lastReadSeq);
    maxDelivered = Math.max(maxDelivered, member.lastDeliveredSeq);
  }
  if (otherSide === 0) return 'sent';
  if (maxRead >= message.seq) return 'read';
  if (maxDelivered >= message.seq) return 'delivered';
  return 'sent';
}
