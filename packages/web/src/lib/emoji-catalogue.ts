import groups from 'unicode-emoji-json/data-by-group.json';
import type { EmojiGroup } from './emoji-search.js';
import { NEWEST_EMOJI_VERSION } from './emoji-search.js';

/**
 * Every emoji by Unicode group, from `unicode-emoji-json` (unicode.org's own data), without the
 * ones too new for common fonts. Only the lazily loaded picker imports this module, so the ~150 kB
 * of data is a chunk of its own, fetched the first time someone opens the picker.
 */
export const EMOJI_GROUPS: readonly EmojiGroup[] = groups.map((group) => ({
  name: group.name,
  emojis: group.emojis
    .filter((e) => Number.parseFloat(e.emoji_version) <= NEWEST_EMOJI_VERSION)
    .map((e) => ({ char: e.emoji, name: e.name })),
}));
