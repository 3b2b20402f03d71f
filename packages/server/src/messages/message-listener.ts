import type { Message } from '@natter/protocol';

/**
 * Told of each message this node committed, once it is published: new sends only, never a
 * resend. Called on the send path, so it must be O(1) and synchronous, and never throw: work
 * (pushes, webhooks) happens later, elsewhere.
 */
export interface MessageListener {
  messageCreated(message: Message): void;
}

/** One listener that tells each of `listeners`, in order. */
export function everyListener(...listeners: readonly MessageListener[]): MessageListener {
  return {
    messageCreated(message) {
      for (const listener of listeners) listener.messageCreated(message);
    },
  };
}
