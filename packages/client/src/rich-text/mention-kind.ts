import type { Message, User } from '@natter/protocol';
import type { MentionKind } from './render-rich-text.js';

/**
 * Which `@username`s of a message are mentions, as its `mentions` (resolved by the server) say:
 * the viewer's own (`me`), someone else's (`other`), or none (the words stay text). `@all` and
 * `@here` count when the message's `roomMention` says so, as the viewer's own unless they sent
 * it. `usernameOf` knows the profiles the UI has loaded; an id it does not know stays text.
 */
export function mentionKinds(
  message: Pick<Message, 'senderId' | 'mentions' | 'roomMention'>,
  viewer: Pick<User, 'id' | 'username'> | undefined,
  usernameOf: (userId: string) => string | undefined,
): (username: string) => MentionKind | undefined {
  const mine = message.senderId === viewer?.id;
  const mentioned = new Map<string, MentionKind>();
  for (const id of message.mentions ?? []) {
    const username = id === viewer?.id ? viewer.username : usernameOf(id);
    if (username !== undefined)
      mentioned.set(username.toLowerCase(), id === viewer?.id ? 'me' : 'other');
  }
  if (message.roomMention) mentioned.set(message.roomMention, mine ? 'other' : 'me');
  return (username) => mentioned.get(username);
}
