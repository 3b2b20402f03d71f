import { describe, expect, it } from 'vitest';
import { isExpired, nextAttemptAt } from './retry-schedule.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const schedule = { retryBaseMs: 30 * SECOND, retryMaxMs: HOUR, giveUpAfterMs: 24 * HOUR };
const eventAt = new Date('2026-12-01T10:00:00Z');
const after = (ms: number) => new Date(eventAt.getTime() + ms);
const waitAfter = (failures: number, now: Date, random = 0) =>
  (nextAttemptAt(schedule, eventAt, failures, now, random)?.getTime() ?? NaN) - now.getTime();

describe('nextAttemptAt', () => {
  it('waits 30 s after the first failure, then doubles: 1 min, 2, 4 … capped at 1 h', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8, 9, 30].map((failures) => waitAfter(failures, eventAt));
    expect(waits).toEqual([
      30 * SECOND,
      MINUTE,
      2 * MINUTE,
      4 * MINUTE,
      8 * MINUTE,
      16 * MINUTE,
      32 * MINUTE,
      HOUR,
      HOUR,
      HOUR,
    ]);
  });

  it('takes up to a quarter off at random, never adding to a wait', () => {
    expect(waitAfter(1, eventAt, 0.5)).toBe(26.25 * SECOND);
    expect(waitAfter(1, eventAt, 0.999_999)).toBeCloseTo(22.5 * SECOND, -1);
    expect(waitAfter(20, eventAt, 0.999_999)).toBeCloseTo(45 * MINUTE, -2);
    expect(waitAfter(20, eventAt, 0.999_999)).toBeGreaterThan(45 * MINUTE);
  });

  it('gives up when the next attempt would come more than 24 h after the event', () => {
    expect(waitAfter(30, after(23 * HOUR))).toBe(HOUR);
    expect(nextAttemptAt(schedule, eventAt, 30, after(23 * HOUR + 1), 0)).toBeUndefined();
    // A short wait near the end still fits.
    expect(waitAfter(1, after(24 * HOUR - 30 * SECOND))).toBe(30 * SECOND);
  });

  it('gives up at once when the window is zero', () => {
    const none = { ...schedule, giveUpAfterMs: 0 };
    expect(nextAttemptAt(none, eventAt, 1, eventAt, 0)).toBeUndefined();
  });
});

describe('isExpired', () => {
  it('is true only past 24 h after the event', () => {
    expect(isExpired(schedule, eventAt, after(24 * HOUR))).toBe(false);
    expect(isExpired(schedule, eventAt, after(24 * HOUR + 1))).toBe(true);
  });
});
