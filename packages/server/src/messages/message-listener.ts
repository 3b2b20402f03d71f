import type { Message } from '@natter/protocol';

/**
 * Told of each message this node committed, once it is published: new sends only, never a
 * resend. Called on the send path, so it must be O(1) and synchronous, and never throw: work
 * (pushes) happens later, elsewhere.
 */
export interface MessageListener {
  messageCreated(message: Message): void;
}
