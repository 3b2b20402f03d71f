import { describe, expect, it } from 'vitest';
import { EMOJI_GROUPS } from './emoji-catalogue.js';
import { searchEmoji } from './emoji-search.js';
import { pushRecent } from './recent-list.js';

const chars = (query: string) => searchEmoji(EMOJI_GROUPS, query).map((e) => e.char);

describe('emoji search', () => {
  it('finds emoji by the starts of the words of their names', () => {
    expect(chars('thumbs up')[0]).toBe('👍');
    expect(chars('thu up')).toContain('👍');
    expect(chars('joy')).toContain('😂');
    expect(chars('germany')).toContain('🇩🇪');
    expect(chars('')).toEqual([]);
    expect(chars('no such emoji here')).toEqual([]);
  });

  it('leaves out emoji too new for common fonts', () => {
    const all = EMOJI_GROUPS.flatMap((g) => g.emojis.map((e) => e.char));
    expect(all).toContain('😀');
    // 🫨 "shaking face" is Emoji 15.0.
    expect(all).not.toContain('🫨');
  });
});

describe('recent list', () => {
  it('moves an entry to the front once and keeps at most max', () => {
    expect(pushRecent(['a', 'b', 'c'], 'b', 3)).toEqual(['b', 'a', 'c']);
    expect(pushRecent(['a', 'b', 'c'], 'd', 3)).toEqual(['d', 'a', 'b']);
  });
});
