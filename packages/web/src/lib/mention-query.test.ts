import { describe, expect, it } from 'vitest';
import { insertMention, mentionQueryAt } from './mention-query.js';

const at = (textWithCaret: string) => {
  const caret = textWithCaret.indexOf('|');
  return mentionQueryAt(textWithCaret.replace('|', ''), caret);
};

describe('mentionQueryAt', () => {
  it('finds the @name being typed at the caret, an empty one just after @', () => {
    expect(at('@|')).toEqual({ start: 0, query: '' });
    expect(at('hi @bo|')).toEqual({ start: 3, query: 'bo' });
    expect(at('(@bob.s|')).toEqual({ start: 1, query: 'bob.s' });
    expect(at('hi @bo| there')).toEqual({ start: 3, query: 'bo' });
    expect(at('日本@al|')).toEqual({ start: 2, query: 'al' });
  });

  it('finds none in an email address, after a space, away from the caret, or past 32 characters', () => {
    expect(at('ann@exa|')).toBeUndefined();
    expect(at('@@bo|')).toBeUndefined();
    expect(at('@bob |')).toBeUndefined();
    expect(at('|@bob')).toBeUndefined();
    expect(at('no mention|')).toBeUndefined();
    expect(at(`@${'a'.repeat(33)}|`)).toBeUndefined();
    expect(at(`@${'a'.repeat(32)}|`)).toEqual({ start: 0, query: 'a'.repeat(32) });
  });
});

describe('insertMention', () => {
  it('replaces what was typed with @username and a space, and puts the caret after it', () => {
    expect(insertMention('hi @bo', 6, { start: 3, query: 'bo' }, 'bob')).toEqual({
      text: 'hi @bob ',
      caret: 8,
    });
    expect(insertMention('hi @bo there', 6, { start: 3, query: 'bo' }, 'bob')).toEqual({
      text: 'hi @bob there',
      caret: 8,
    });
  });
});
