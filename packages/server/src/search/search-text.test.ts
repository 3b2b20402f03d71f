import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { hasSearchableWords, splitSearchText, tsqueryOf } from './search-text.js';

describe('splitSearchText: the last word is a prefix while it is typed', () => {
  it('a last word of three letters or digits or more, not followed by a space', () => {
    expect(splitSearchText('quarterly budg')).toEqual({ head: 'quarterly', prefix: 'budg' });
    expect(splitSearchText('café')).toEqual({ head: '', prefix: 'café' });
    expect(splitSearchText('2026')).toEqual({ head: '', prefix: '2026' });
  });

  it('not when finished, short, quoted, negated, or, after or, or not a plain word', () => {
    for (const text of [
      'budget ',
      'a bu',
      '"open phrase budg',
      '"closed" -budg',
      'cats or',
      'cats or dog',
      "it's",
      'a:*',
      'x-ray',
      '',
    ]) {
      expect(splitSearchText(text).prefix, text).toBeUndefined();
    }
  });

  it('a closed quote before the last word leaves it a prefix', () => {
    expect(splitSearchText('"red apple" gree')).toEqual({ head: '"red apple"', prefix: 'gree' });
  });
});

describe('hasSearchableWords', () => {
  it('letters or digits in any script make words; punctuation alone does not', () => {
    expect(hasSearchableWords('日本')).toBe(true);
    expect(hasSearchableWords('4')).toBe(true);
    expect(hasSearchableWords(`'"():*&|! -`)).toBe(false);
  });
});

describe('tsqueryOf: user text is only ever a parameter', () => {
  const dialect = new PgDialect();
  it('websearch_to_tsquery of the head, AND a quoted lexeme prefix', () => {
    const { sql, params } = dialect.sqlToQuery(tsqueryOf({ head: `a'b`, prefix: 'budg' }));
    expect(sql).toBe(
      "(websearch_to_tsquery('natter_search', $1) && to_tsquery('natter_search', $2))",
    );
    expect(params).toEqual([`a'b`, `'budg':*`]);
  });

  it('the head alone, or the prefix alone', () => {
    expect(dialect.sqlToQuery(tsqueryOf({ head: 'x' })).params).toEqual(['x']);
    expect(dialect.sqlToQuery(tsqueryOf({ head: '', prefix: "o'k" })).params).toEqual(["'o''k':*"]);
  });
});
