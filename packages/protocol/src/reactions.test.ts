import { describe, expect, it } from 'vitest';
import { normalizeReactionEmoji } from './reaction-names.js';
import { reactionPayloadSchema } from './reactions.js';

describe('normalizeReactionEmoji', () => {
  it('keeps one emoji grapheme, skin tones, flags, keycaps and ZWJ sequences included', () => {
    for (const emoji of ['👍', '👍🏽', '🇫🇷', '1️⃣', '👨‍👩‍👧', '❤️']) {
      expect(normalizeReactionEmoji(emoji)).toBe(emoji);
    }
  });

  it('spells one emoji one way: short names, the text form, a needless U+FE0F', () => {
    expect(normalizeReactionEmoji('+1')).toBe('👍');
    expect(normalizeReactionEmoji(':tada:')).toBe('🎉');
    expect(normalizeReactionEmoji('❤')).toBe('❤️');
    expect(normalizeReactionEmoji('👍\uFE0F')).toBe('👍');
  });

  it('refuses text, two emoji and unknown names', () => {
    for (const text of ['', 'a', 'ab', '👍👍', 'not_a_name', '👍 ', '\uFE0F']) {
      expect(normalizeReactionEmoji(text)).toBeUndefined();
    }
  });

  it('the payload schema answers the stored emoji and names the field it refuses', () => {
    expect(reactionPayloadSchema.parse({ messageId: 'm1', emoji: 'heart' }).emoji).toBe('❤️');
    const refused = reactionPayloadSchema.safeParse({ messageId: 'm1', emoji: 'nope' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['emoji']);
  });
});
