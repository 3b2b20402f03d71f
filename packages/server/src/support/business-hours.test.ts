import { describe, expect, it } from 'vitest';
import { isWithinBusinessHours } from './business-hours.js';

const weekdays9to17 = {
  timeZone: 'America/New_York',
  days: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
};

describe('isWithinBusinessHours', () => {
  it('is open when no hours are set', () => {
    expect(isWithinBusinessHours(null, new Date('2026-01-04T03:00:00Z'))).toBe(true);
  });

  it('reads the clock in the site time zone, not UTC', () => {
    // Monday 2026-01-05 14:30 UTC is 09:30 in New York (EST, UTC-5): open.
    expect(isWithinBusinessHours(weekdays9to17, new Date('2026-01-05T14:30:00Z'))).toBe(true);
    // Monday 10:30 UTC is 05:30 in New York: closed, though 10:30 is within 09-17.
    expect(isWithinBusinessHours(weekdays9to17, new Date('2026-01-05T10:30:00Z'))).toBe(false);
  });

  it('follows daylight saving time', () => {
    // Monday 2026-07-06 13:30 UTC is 09:30 in New York (EDT, UTC-4): open.
    expect(isWithinBusinessHours(weekdays9to17, new Date('2026-07-06T13:30:00Z'))).toBe(true);
  });

  it('is closed on days without a span and at the closing minute', () => {
    // Sunday 2026-01-04 15:00 UTC is 10:00 in New York: Sunday has no span.
    expect(isWithinBusinessHours(weekdays9to17, new Date('2026-01-04T15:00:00Z'))).toBe(false);
    // Monday 22:00 UTC is 17:00 in New York: the close is exclusive.
    expect(isWithinBusinessHours(weekdays9to17, new Date('2026-01-05T22:00:00Z'))).toBe(false);
  });

  it('uses the weekday of the site, which may differ from the UTC one', () => {
    const tokyoMonday = {
      timeZone: 'Asia/Tokyo',
      days: [{ day: 1, open: '08:00', close: '10:00' }],
    };
    // Sunday 2026-01-04 23:30 UTC is Monday 08:30 in Tokyo.
    expect(isWithinBusinessHours(tokyoMonday, new Date('2026-01-04T23:30:00Z'))).toBe(true);
  });
});
