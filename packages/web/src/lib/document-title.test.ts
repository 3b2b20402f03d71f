import { describe, expect, it } from 'vitest';
import { documentTitle } from './document-title.js';

describe('documentTitle', () => {
  it('names the open room, after the unread count when there is one', () => {
    expect(documentTitle(0, undefined)).toBe('Natter');
    expect(documentTitle(3, undefined)).toBe('(3) Natter');
    expect(documentTitle(0, 'Bob')).toBe('Bob · Natter');
    expect(documentTitle(3, 'Bob')).toBe('(3) Bob · Natter');
  });

  it('treats an empty name (a profile still loading) as no room', () => {
    expect(documentTitle(0, '')).toBe('Natter');
  });
});
