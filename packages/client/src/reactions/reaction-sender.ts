import { normalizeReactionEmoji } from '@natter/protocol';
import type { Message, ReactionPayload } from '@natter/protocol';
import { NatterError } from '../natter-error.js';
import type { ChatEvent } from '../store/actions.js';
import type { Store } from '../store/create-store.js';
import type { ChatState } from '../store/state.js';

export interface ReactionSenderDeps {
  store: Store<ChatState, ChatEvent>;
  /** `reaction:add` (`on`) or `reaction:remove`; resolves with the message as stored. */
  transmit(on: boolean, payload: ReactionPayload): Promise<Message>;
  /** The room a loaded message is in (the intent is shown there), if the store holds it. */
  roomOf(messageId: string): string | undefined;
}

/**
 * Reactions, optimistic: the store shows this user's reaction (or its removal) at once, and one
 * request at a time per message and emoji brings the server to the latest wish. Quick toggles
 * therefore end where the user stopped, whatever the answers' order: when a request settles and
 * the wish changed meanwhile, the next request goes out. A failure rolls the reaction back to the
 * server's copy, and rejects the calls waiting on it.
 */
export class ReactionSender {
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly deps: ReactionSenderDeps) {}

  /** Wants to have reacted to a message with `emoji` (`on`) or not; resolves once the server has it. */
  set(messageId: string, text: string, on: boolean): Promise<void> {
    const emoji = normalizeReactionEmoji(text);
    if (emoji === undefined) {
      return Promise.reject(
        new NatterError('bad_request', 'emoji must be one emoji or a short name such as "+1"'),
      );
    }
    const roomId = this.deps.roomOf(messageId);
    if (roomId === undefined) return this.deps.transmit(on, { messageId, emoji }).then(() => {});
    this.deps.store.dispatch({ type: 'reaction/intended', roomId, messageId, emoji, on });
    const key = `${messageId} ${emoji}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const pump = this.pump(roomId, messageId, emoji).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, pump);
    return pump;
  }

  /** Sends the current wish until the server's answer matches it (or a request fails). */
  private async pump(roomId: string, messageId: string, emoji: string): Promise<void> {
    for (;;) {
      const on = this.deps.store.getState().reactionIntents[roomId]?.[messageId]?.[emoji];
      if (on === undefined) return;
      try {
        const message = await this.deps.transmit(on, { messageId, emoji });
        this.deps.store.dispatch({
          type: 'reaction/settled',
          roomId,
          messageId,
          emoji,
          on,
          message,
        });
      } catch (error) {
        this.deps.store.dispatch({ type: 'reaction/settled', roomId, messageId, emoji, on });
        throw NatterError.from(error);
      }
    }
  }
}
