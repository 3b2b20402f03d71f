import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';

/**
 * The shortest last word that also matches as a prefix while the user types. A prefix of one or
 * two letters expands to a large share of the index (every word starting with "th"), so the work
 * of a keystroke would grow with the whole history; from three letters on the expansion stays
 * small. Shorter last words match exactly.
 */
export const PREFIX_MIN_CHARS = 3;

/** The text part of a search, split the way it becomes a tsquery. */
export interface SearchText {
  /** Web-search syntax for `websearch_to_tsquery`; may be empty. */
  head: string;
  /** The word being typed, matched as a prefix; absent when the last word is complete. */
  prefix?: string;
}

const PREFIX_WORD = /^[\p{L}\p{N}]+$/u;
/** A character the full-text parser could read as part of a word: letters and digits. */
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * Splits the search text into its web-search head and, while the user is still typing its last
 * word, that word as a prefix. The last word is a prefix when `text` does not end in whitespace,
 * it is not inside an open `"` quote (a phrase matches exactly), is not negated (`-word`), is not
 * the `or` operator nor follows one, and is letters and digits only, at least PREFIX_MIN_CHARS
 * long.
 */
export function splitSearchText(text: string): SearchText {
  const match = /^(.*?)(\S+)$/su.exec(text);
  const last = match?.[2];
  if (!match || last === undefined) return { head: text.trim() };
  const before = match[1] ?? '';
  const quotesBefore = (before.match(/"/g) ?? []).length;
  const typingPrefix =
    quotesBefore % 2 === 0 &&
    last.toLowerCase() !== 'or' &&
    // `cats or dog`: the head alone would drop its dangling `or` and AND the prefix instead.
    !/(^|\s)or\s+$/iu.test(before) &&
    [...last].length >= PREFIX_MIN_CHARS &&
    PREFIX_WORD.test(last);
  return typingPrefix ? { head: before.trim(), prefix: last } : { head: text.trim() };
}

/** Whether the text holds anything the parser can make a word of (punctuation alone makes none). */
export function hasSearchableWords(text: string): boolean {
  return WORD_CHARACTER.test(text);
}

/**
 * The tsquery of a search text, as SQL with the text as parameters only: `websearch_to_tsquery`
 * accepts any input without error, and the prefix is a single-quoted lexeme (quotes doubled,
 * though PREFIX_WORD already excludes them) followed by `:*`, so `to_tsquery` never sees user
 * syntax.
 */
export function tsqueryOf({ head, prefix }: SearchText): SQL {
  const headQuery = sql`websearch_to_tsquery('natter_search', ${head})`;
  if (prefix === undefined) return headQuery;
  const lexeme = `'${prefix.replaceAll("'", "''")}':*`;
  const prefixQuery = sql`to_tsquery('natter_search', ${lexeme})`;
  return head ? sql`(${headQuery} && ${prefixQuery})` : prefixQuery;
}
