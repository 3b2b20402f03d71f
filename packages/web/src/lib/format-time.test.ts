import { describe, expect, it } from 'vitest';
import { formatDayLabel, formatLastSeen } from './format-time.js';

const now = new Date(2026, 10, 27, 15, 0);

describe('formatDayLabel', () => {
  it('says Today and Yesterday by the local calendar', () => {
    expect(formatDayLabel(new Date(2026, 10, 27, 0, 5).toISOString(), now)).toBe('Today');
    expect(formatDayLabel(new Date(2026, 10, 26, 23, 55).toISOString(), now)).toBe('Yesterday');
  });
});

describe('formatLastSeen', () => {
  it('counts minutes within the hour', () => {
    expect(formatLastSeen(new Date(2026, 10, 27, 14, 55).toISOString(), now)).toBe(
      'last seen 5 min ago',
    );
    expect(formatLastSeen(new Date(2026, 10, 27, 14, 59, 45).toISOString(), now)).toBe(
      'last seen just now',
    );
  });
  it('gives the day beyond', () => {
    expect(formatLastSeen(new Date(2026, 10, 26, 9, 0).toISOString(), now)).toMatch(
      /^last seen yesterday at /,
    );
  });
});
