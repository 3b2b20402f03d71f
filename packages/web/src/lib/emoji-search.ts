import { foldForSearch } from './room-filter.js';

export interface Emoji {
  char: string;
  /** The Unicode name: "grinning face with big eyes", "flag: Germany". */
  name: string;
}

export interface EmojiGroup {
  name: string;
  emojis: readonly Emoji[];
}

/** Emoji newer than this draw as empty boxes on many phones and desktops still in use. */
export const NEWEST_EMOJI_VERSION = 14;

/**
 * The emoji whose name has a word starting with each word of the query ("thu up" finds 👍
 * "thumbs up"), names that start with the query first, at most `max`.
 */
export function searchEmoji(groups: readonly EmojiGroup[], query: string, max = 80): Emoji[] {
  const words = foldForSearch(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const folded = foldForSearch(query.trim());
  const first: Emoji[] = [];
  const rest: Emoji[] = [];
  for (const group of groups) {
    for (const emoji of group.emojis) {
      const name = foldForSearch(emoji.name);
      const nameWords = name.split(/[\s:,-]+/);
      if (!words.every((word) => nameWords.some((w) => w.startsWith(word)))) continue;
      (name.startsWith(folded) ? first : rest).push(emoji);
    }
  }
  return [...first, ...rest].slice(0, max);
}
