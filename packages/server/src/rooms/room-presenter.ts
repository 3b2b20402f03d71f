import { messageStatus } from '@natter/protocol';
import type { Room } from '@natter/protocol';
import type { MessageRecord } from '../messages/message-presenter.js';
import { presentMessage } from '../messages/message-presenter.js';
import type { RoomMemberRow } from '../membership/membership.js';
import { marksSeenBy } from '../receipts/read-privacy.js';
import type { MemberRoomRow } from './room-repository.js';

/** The only way a room row becomes a payload, as one member sees it. */
export function presentRoom(
  row: MemberRoomRow,
  members: readonly RoomMemberRow[],
  lastMessage: MessageRecord | undefined,
): Room {
  const room: Room = {
    id: row.id,
    type: row.type,
    participants: members.map((m) => m.userId),
    unreadCount: row.unreadCount,
    lastActivityAt: row.lastActivityAt.toISOString(),
    lastReadSeq: row.lastReadSeq,
    lastSeq: row.lastSeq,
  };
  if (row.name !== null) room.name = row.name;
  if (row.visitorId !== null) room.visitorId = row.visitorId;
  if (row.muted) room.muted = true;
  if (row.mentionsMuted) room.mentionsMuted = true;
  if (row.mentionCount > 0) room.mentionCount = row.mentionCount;
  if (row.type === 'group') {
    room.roles = Object.fromEntries(
      members.flatMap((m) => (m.role === 'member' ? [] : [[m.userId, m.role]])),
    );
    room.memberAddPolicy = row.memberAddPolicy;
    if (row.color !== null) room.color = row.color;
  }
  if (lastMessage) {
    const marks = marksSeenBy(members, row.memberId);
    room.lastMessage = presentMessage(lastMessage, messageStatus(lastMessage, marks));
  }
  return room;
}
