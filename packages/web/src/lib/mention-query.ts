/** The `@name` being typed at the caret: where its `@` is and what follows it so far. */
export interface MentionQuery {
  /** Index of the `@` in the text. */
  start: number;
  /** What is typed after the `@` up to the caret (may be empty). */
  query: string;
}

/** Username characters, and the ones that may not come right before a mention's `@`. */
const NAME_CHAR = /[A-Za-z0-9_.-]/;
const NOT_BEFORE_AT = /[A-Za-z0-9_@]/;
/** A username is at most 32 characters: past that nothing can complete it. */
const NAME_MAX = 32;

/**
 * The mention being typed right before `caret`, as protocol's MENTION_PATTERN would read it: an
 * `@` at the start or after a character that is not a letter, digit, `_` or `@` (so an email
 * address never opens suggestions), then username characters up to the caret. Undefined when
 * the caret is anywhere else.
 */
export function mentionQueryAt(text: string, caret: number): MentionQuery | undefined {
  let start = caret;
  while (start > 0 && caret - start <= NAME_MAX && NAME_CHAR.test(text.charAt(start - 1))) start--;
  if (caret - start > NAME_MAX || text.charAt(start - 1) !== '@') return undefined;
  const at = start - 1;
  if (at > 0 && NOT_BEFORE_AT.test(text.charAt(at - 1))) return undefined;
  return { start: at, query: text.slice(start, caret) };
}

/** The text with the mention being typed replaced by `@username ` and where the caret goes. */
export function insertMention(
  text: string,
  caret: number,
  mention: MentionQuery,
  username: string,
): { text: string; caret: number } {
  const inserted = `@${username} `;
  // A space already after the caret is kept as the separator: no double space.
  const rest = text.slice(caret).replace(/^ /, '');
  return {
    text: text.slice(0, mention.start) + inserted + rest,
    caret: mention.start + inserted.length,
  };
}
