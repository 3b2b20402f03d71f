import { describe, expect, it } from 'vitest';
import { faviconBadgeText } from './favicon-badge.js';

describe('faviconBadgeText', () => {
  it('shows nothing at none, the count up to 9, then 9+', () => {
    expect(faviconBadgeText(0)).toBe('');
    expect(faviconBadgeText(-1)).toBe('');
    expect(faviconBadgeText(1)).toBe('1');
    expect(faviconBadgeText(9)).toBe('9');
    expect(faviconBadgeText(10)).toBe('9+');
    expect(faviconBadgeText(250)).toBe('9+');
  });
});
