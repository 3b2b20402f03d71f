import { describe, expect, it } from 'vitest';
import { richTextSummary } from './rich-text-summary.js';

describe('richTextSummary', () => {
  it('drops the Markdown and keeps the words, on one line', () => {
    expect(richTextSummary('**Big** _news_: ~~old~~ `v2` is [out](https://example.com)!')).toBe(
      'Big news: old v2 is out!',
    );
    expect(richTextSummary('> quoted\nreply\n\n- one\n- two\n```\ncode  here\n```\ndone')).toBe(
      'quoted reply one two code here done',
    );
    expect(richTextSummary('hi @alice')).toBe('hi @alice');
  });

  it('keeps what is not Markdown of the subset as typed', () => {
    expect(richTextSummary('# title <b>x</b> [x](javascript:alert(1))')).toBe(
      '# title <b>x</b> [x](javascript:alert(1))',
    );
  });
});
