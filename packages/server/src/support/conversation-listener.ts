import type { Conversation } from '@natter/protocol';

/** What happened to a support conversation, as listeners hear of it. */
export type ConversationChange = 'created' | 'resolved' | 'assigned';

/**
 * Told of conversations opened, resolved and (re)assigned, once committed: by the inbox commands,
 * the widget's session and the round-robin assigner. Must be synchronous and never throw: work
 * (webhooks) happens later, elsewhere.
 */
export interface ConversationListener {
  conversationChanged(change: ConversationChange, conversation: Conversation): void;
}
