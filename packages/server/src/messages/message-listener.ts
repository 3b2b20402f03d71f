import type { Message } from '@natter/protocol';

/**
 * Told of each message this node committed, once it is published: new sends only, never a
 * resend; and of each edit, once published. Called on the send path, so it must be O(1) and
 * synchronous, and never throw: work (pushes, link previews) happens later, elsewhere.
 */
export interface MessageListener {
  messageCreated(message: Message): void;
  /** Pushes leave edits alone; link previews look again at the first link. */
  messageEdited?(message: Message): void;
}

/** One listener telling several, in order (pushes, link previews…). */
export function allListeners(
  ...listeners: readonly (MessageListener | undefined)[]
): MessageListener {
  const present = listeners.filter((listener) => listener !== undefined);
  return {
    messageCreated: (message) => present.forEach((listener) => listener.messageCreated(message)),
    messageEdited: (message) => present.forEach((listener) => listener.messageEdited?.(message)),
  };
}
