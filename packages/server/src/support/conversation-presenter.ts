import type { Conversation } from '@natter/protocol';
import type { ConversationView } from './conversation-repository.js';

/** The only way a conversation row becomes a payload (agents only: visitors never get one). */
export function presentConversation(row: ConversationView): Conversation {
  const { verified, ...context } = row.context;
  const conversation: Conversation = {
    roomId: row.roomId,
    siteId: row.siteId,
    status: row.status,
    visitor: {
      id: row.visitorId,
      displayName: row.visitorName,
      verified,
      ...(row.visitorEmail !== null && { email: row.visitorEmail }),
    },
    context,
    createdAt: row.createdAt.toISOString(),
    lastActivityAt: row.lastActivityAt.toISOString(),
  };
  if (row.assigneeId !== null) conversation.assigneeId = row.assigneeId;
  if (row.waitingSince !== null) conversation.waitingSince = row.waitingSince.toISOString();
  return conversation;
}
