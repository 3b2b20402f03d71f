import { describe, expect, it } from 'vitest';
import { NO_FILTERS, searchRequest } from './search-request.js';

describe('searchRequest', () => {
  it('asks nothing for an empty box without filters, nor for order alone', () => {
    expect(searchRequest('  ', NO_FILTERS)).toBeUndefined();
    expect(searchRequest('', { ...NO_FILTERS, order: 'newest' })).toBeUndefined();
  });

  it('sends the text as typed, operators and trailing space included', () => {
    expect(searchRequest('from:@ann budg', NO_FILTERS)).toEqual({ q: 'from:@ann budg' });
    expect(searchRequest('budget ', NO_FILTERS)).toEqual({ q: 'budget ' });
  });

  it('turns every filter control into its query field, and a filter alone is a search', () => {
    expect(
      searchRequest('', {
        roomId: 'r1',
        from: 'u1',
        hasFile: true,
        after: '2026-11-01',
        before: '2026-12-01',
        order: 'newest',
      }),
    ).toEqual({
      q: '',
      roomId: 'r1',
      from: 'u1',
      has: 'file',
      after: '2026-11-01',
      before: '2026-12-01',
      order: 'newest',
    });
  });
});
