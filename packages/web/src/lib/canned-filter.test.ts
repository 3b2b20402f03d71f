import type { CannedResponse } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { cannedQuery, filterCanned } from './canned-filter.js';

const canned = (shortcut: string, content: string): CannedResponse => ({
  id: shortcut,
  siteId: 's',
  shortcut,
  content,
  createdAt: '2026-11-30T00:00:00.000Z',
});
const list = [
  canned('thanks', 'Thank you for reaching out!'),
  canned('hours', 'We answer from 9 to 5, Monday to Friday.'),
  canned('refund', 'Refunds take 5 business days.'),
  canned('hello', 'Hi! How can I help?'),
];

describe('cannedQuery', () => {
  it('reads what follows a leading slash', () => {
    expect(cannedQuery('/')).toBe('');
    expect(cannedQuery('/Ref')).toBe('ref');
  });
  it('is not a query elsewhere, after a space, or on a second line', () => {
    expect(cannedQuery('hello')).toBeUndefined();
    expect(cannedQuery('see /refund')).toBeUndefined();
    expect(cannedQuery('/refund now')).toBeUndefined();
    expect(cannedQuery('/refund\n')).toBeUndefined();
  });
});

describe('filterCanned', () => {
  it('lists all by shortcut for an empty query', () => {
    expect(filterCanned(list, '').map((c) => c.shortcut)).toEqual([
      'hello',
      'hours',
      'refund',
      'thanks',
    ]);
  });
  it('puts shortcuts starting with the query before other matches', () => {
    expect(filterCanned(list, 'h').map((c) => c.shortcut)).toEqual(['hello', 'hours', 'thanks']);
    expect(filterCanned(list, 'he').map((c) => c.shortcut)).toEqual(['hello']);
    expect(filterCanned(list, 'days').map((c) => c.shortcut)).toEqual(['refund']);
  });
  it('is empty when nothing matches', () => expect(filterCanned(list, 'zzz')).toEqual([]));
});
