import type { Message } from './entities.js';

/**
 * ➕ How `@username` is written in a message's text. The server resolves mentions with the same
 * rule in SQL (`mention_usernames`, migration 0014; `mention-pattern.test.ts` in the server holds
 * the two together on a corpus, on both storage drivers):
 * - `@` at the start or after any character but an ASCII letter or digit, `_` or `@` (so
 *   `ann@example.com` mentions nobody; text in any script may run straight into a mention);
 * - then a name of 3-32 username characters (`[a-z0-9_.-]`, any case) that ends in a letter,
 *   digit or `_`: dots and dashes after it end the sentence (`@bob.` is `bob`), and a name that
 *   runs on past 32 characters is no mention at all (a cut-off could name someone else).
 * Only ASCII classes, in both languages: the result never depends on a database's locale.
 * `match[0]` is the mention as shown (`@Bob`), `match[1]` the name as written (`Bob`).
 */
export const MENTION_PATTERN =
  /(?<![A-Za-z0-9_@])@([A-Za-z0-9_.-]{2,31}[A-Za-z0-9_])(?![A-Za-z0-9_]|[.-]+[A-Za-z0-9_])/g;

/**
 * ➕ Words that mention a whole group instead of a user: `@all` (every member) and `@here`
 * (members online). `everyone` and `channel`, as other chats spell them, are kept free too.
 * None of them can be registered as a username.
 */
export const RESERVED_USERNAMES: readonly string[] = ['all', 'here', 'everyone', 'channel'];

/** The usernames a text mentions (lower-cased), in order, once each. */
export function mentionedUsernames(text: string): string[] {
  const names = [...text.matchAll(MENTION_PATTERN)].map((match) => (match[1] ?? '').toLowerCase());
  return [...new Set(names)];
}

/**
 * Whether a message calls on `userId`: it mentions them, or the whole group (`@all`, `@here`),
 * and is not their own. What a client highlights and counts in `mentionCount`.
 */
export function mentionsUser(
  message: Pick<Message, 'senderId' | 'mentions' | 'roomMention' | 'deletedAt'>,
  userId: string,
): boolean {
  if (message.senderId === userId || message.deletedAt !== undefined) return false;
  return message.roomMention !== undefined || (message.mentions?.includes(userId) ?? false);
}
