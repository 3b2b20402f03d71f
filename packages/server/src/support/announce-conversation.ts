import type { Conversation } from '@natter/protocol';
import type { Executor } from '../db/database.js';
import type { Publisher } from '../realtime/publisher.js';
import { presentConversation } from './conversation-presenter.js';
import { findConversation } from './conversation-repository.js';
import { findAgentIds } from './site-repository.js';

/**
 * Tells the site's agents (never the visitor) a conversation's new state (`conversation:updated`)
 * and answers it. The caller has authorized the change.
 */
export async function announceConversation(
  db: Executor,
  publisher: Publisher,
  roomId: string,
): Promise<Conversation> {
  const row = await findConversation(db, roomId);
  if (!row) throw new Error(`conversation ${roomId} vanished`);
  const conversation = presentConversation(row);
  const agents = await findAgentIds(db, conversation.siteId);
  publisher.publish('conversation:updated', conversation, { users: agents });
  return conversation;
}
