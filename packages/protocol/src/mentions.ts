/**
 * ➕ How `@username` is written in a message's text. The server resolves mentions with the same
 * rule in SQL (`message_mentions`, migration 0014; a test holds the two together): `@` at the
 * start or after a character that is not a letter, digit, `_` or `@`, then a username's
 * characters, case-insensitively; dots and dashes that end the name (end of a sentence) are not
 * part of it. Only members of the room are mentioned; `@all` and `@here` mention the group.
 */
export const MENTION_PATTERN = /(?<![\p{L}\p{N}_@])@([a-z0-9_.-]{3,32})/giu;

/** The usernames a text mentions (lower-cased, trailing dots and dashes dropped), in order, once each. */
export function mentionedUsernames(text: string): string[] {
  const names = [...text.matchAll(MENTION_PATTERN)].map((match) =>
    (match[1] ?? '').toLowerCase().replace(/[.-]+$/, ''),
  );
  return [...new Set(names.filter((name) => name.length >= 3))];
}
