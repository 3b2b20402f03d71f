import type { Message, Reaction } from '@natter/protocol';
import { LIMITS } from '@natter/protocol';
import { AppError, badRequest } from '../errors.js';
import type { MessageService } from '../messages/message-service.js';

/**
 * Reactions (PROTOCOL.md *Reactions*): a change to the message like an edit, so members get
 * `message:updated` and clients that were away get it in `messages:sync` `changes`. Adding a
 * reaction the user already gave, or removing one they did not, changes nothing and publishes
 * nothing: both are idempotent.
 */
export class ReactionService {
  constructor(private readonly messages: MessageService) {}

  add(userId: string, messageId: string, emoji: string): Promise<Message> {
    return this.react(messageId, userId, (reactions) => {
      const existing = reactions.find((r) => r.emoji === emoji);
      if (existing?.userIds.includes(userId)) return undefined;
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
      return reactions
        .map((r) =>
          r === existing
            ? withUsers(
                r,
                r.userIds.filter((id) => id !== userId),
              )
            : r,
        )
        .filter((r) => r.count > 0);
    });
  }

  /** Applies `next` to the message's reactions under its lock; undefined from it: no change. */
  private async react(
    messageId: string,
    userId: string,
    next: (reactions: readonly Reaction[]) => Reaction[] | undefined,
  ): Promise<Message> {
    const changed = await this.messages.changeMessage(messageId, userId, (record) => {
      if (record.deletedAt) throw new AppError('conflict', 'a deleted message takes no reactions');
      if (record.type === 'system')
        throw badRequest('messageId: a system message takes no reactions');
      const reactions = next(record.reactions ?? []);
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
