import { describe, expect, it } from 'vitest';
import {
  parseSearchOperators,
  SEARCH_MATCH_END as END,
  SEARCH_MATCH_START as START,
  searchQuerySchema,
  splitHighlight,
} from './search.js';

describe('parseSearchOperators', () => {
  it('splits operators out of the text, wherever they are', () => {
    expect(parseSearchOperators('from:@Alice budget has:FILE after:2026-11-01 plan')).toEqual({
      text: 'budget plan',
      operators: { from: 'alice', has: 'file', after: '2026-11-01' },
    });
    expect(parseSearchOperators('before:2026-11-30T10:00:00Z x').operators).toEqual({
      before: '2026-11-30T10:00:00Z',
    });
  });

  it('keeps a word that looks like an operator but has no valid value', () => {
    expect(parseSearchOperators('has:cake after:someday from:a')).toEqual({
      text: 'has:cake after:someday from:a',
      operators: {},
    });
  });

  it('the last of a repeated operator wins; text alone has none', () => {
    expect(parseSearchOperators('has:file has:image').operators).toEqual({ has: 'image' });
    expect(parseSearchOperators('  just words  ')).toEqual({ text: 'just words', operators: {} });
  });
});

describe('splitHighlight', () => {
  it('cuts at the delimiters into segments, matches marked', () => {
    expect(splitHighlight(`a ${START}match${END} and ${START}another${END}.`)).toEqual([
      { text: 'a ', match: false },
      { text: 'match', match: true },
      { text: ' and ', match: false },
      { text: 'another', match: true },
      { text: '.', match: false },
    ]);
  });

  it('drops unpaired delimiters and empty segments; no delimiters is one plain segment', () => {
    expect(splitHighlight(`${END}x${START}`)).toEqual([{ text: 'x', match: false }]);
    expect(splitHighlight('<b>plain</b>')).toEqual([{ text: '<b>plain</b>', match: false }]);
    expect(splitHighlight('')).toEqual([]);
  });
});

describe('searchQuerySchema', () => {
  it('clamps limit, keeps a trailing space, refuses an empty search without a filter', () => {
    expect(searchQuerySchema.parse({ q: 'a ', limit: '0' })).toMatchObject({ q: 'a ', limit: 1 });
    expect(searchQuerySchema.parse({ q: 'a', limit: '1000' }).limit).toBe(50);
    expect(searchQuerySchema.safeParse({ q: 'a', limit: 'abc' }).success).toBe(false);
    expect(searchQuerySchema.safeParse({ q: '  ' }).success).toBe(false);
    expect(searchQuerySchema.safeParse({ q: '', roomId: 'r' }).success).toBe(true);
    expect(searchQuerySchema.safeParse({ roomId: 'r', after: '0000-01-01' }).success).toBe(false);
    expect(parseSearchOperators('after:0000-01-01').operators).toEqual({});
  });
});
