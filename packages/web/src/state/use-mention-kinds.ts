import type { Message } from '@natter/protocol';
import { mentionKinds } from '@natter/client/rich-text';
import type { MentionKind } from '@natter/client/rich-text';
import { useChat } from './client-context.js';
import { useProfiles } from './use-profiles.js';

/**
 * Which `@username`s of a message show as mentions: those its `mentions` resolve, named through
 * the profiles (fetched when unknown), mine marked as mine.
 */
export function useMentionKinds(
  message: Pick<Message, 'senderId' | 'mentions' | 'roomMention'>,
): (username: string) => MentionKind | undefined {
  const me = useChat((state) => state.me);
  const profiles = useProfiles(message.mentions);
  return mentionKinds(message, me, (id) => profiles[id]?.username);
}
