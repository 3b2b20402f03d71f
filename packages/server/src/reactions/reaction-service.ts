import type { Message, Reaction } from '@natter/protocol';
import { LIMITS } from '@natter/protocol';
import type { Executor } from '../db/database.js';
import { AppError, badRequest, forbidden } from '../errors.js';
import type { MessageRecord } from '../messages/message-presenter.js';
import type { MessageService } from '../messages/message-service.js';
import { isBlockedInDirectRoom } from '../users/block-repository.js';

/**
 * Reactions (PROTOCOL.md *Reactions*): a change to the message like an edit, so members get
 * `message:updated` and clients that were away get it in `messages:sync` `changes`. Adding a
 * reaction the user already gave, or removing one they did not, changes nothing and publishes
 * nothing: both are idempotent. Each change rewrites the message's list under its row lock, so
 * concurrent reactions to one message apply one after the other and none is lost.
 */
export class ReactionService {
  constructor(private readonly messages: MessageService) {}

  add(userId: string, messageId: string, emoji: string): Promise<Message> {
    return this.react(messageId, userId, async (reactions, record, tx) => {
      const existing = reactions.find((r) => r.emoji === emoji);
      if (existing?.userIds.includes(userId)) return undefined;
      // Reacting reaches the other person like a message does: not when they block the user.
      if (await isBlockedInDirectRoom(tx, record.roomId, userId)) {
        throw forbidden('this user does not accept messages from you');
      }
      if (!existing && reactions.length >= LIMITS.reactionsPerMessageMax) {
        throw new AppError(
          'conflict',
          `a message takes at most ${LIMITS.reactionsPerMessageMax} different reactions`,
        );
      }
      return existing
        ? reactions.map((r) => (r === existing ? withUsers(r, [...r.userIds, userId]) : r))
        : [...reactions, withUsers({ emoji, count: 0, userIds: [] }, [userId])];
    });
  }

  remove(userId: string, messageId: string, emoji: string): Promise<Message> {
    return this.react(messageId, userId, (reactions) => {
      const existing = reactions.find((r) => r.emoji === emoji);
      if (!existing?.userIds.includes(userId)) return undefined;
      const userIds = existing.userIds.filter((id) => id !== userId);
      return reactions
        .map((r) => (r === existing ? withUsers(r, userIds) : r))
        .filter((r) => r.count > 0);
    });
  }

  /**
   * Applies `next` to the message's reactions under its lock (the actor's membership checked by
   * `changeMessage`); undefined from it: no change. Answers the message as it now is.
   */
  private async react(
    messageId: string,
    userId: string,
    next: (
      reactions: readonly Reaction[],
      record: MessageRecord,
      tx: Executor,
    ) => Reaction[] | undefined | Promise<Reaction[] | undefined>,
  ): Promise<Message> {
    const changed = await this.messages.changeMessage(messageId, userId, async (record, _, tx) => {
      if (record.deletedAt) throw new AppError('conflict', 'a deleted message takes no reactions');
      if (record.type === 'system') {
        throw badRequest('messageId: a system message takes no reactions');
      }
      const reactions = await next(record.reactions ?? [], record, tx);
      return reactions && { reactions: reactions.length > 0 ? reactions : null };
    });
    return changed.applied
      ? this.messages.publishUpdated(changed.record)
      : this.messages.present(changed.record);
  }
}

function withUsers(reaction: Reaction, userIds: string[]): Reaction {
  return { emoji: reaction.emoji, count: userIds.length, userIds };
}
