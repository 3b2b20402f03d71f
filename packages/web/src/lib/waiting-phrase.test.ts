import { describe, expect, it } from 'vitest';
import { waitingPhrase } from './waiting-phrase.js';

const now = Date.parse('2026-11-30T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('waitingPhrase', () => {
  it('says "now" under a minute, and for a clock a little ahead of ours', () => {
    expect(waitingPhrase(ago(30_000), now)).toBe('waiting now');
    expect(waitingPhrase(ago(-5_000), now)).toBe('waiting now');
  });
  it('counts minutes, then hours, then days', () => {
    expect(waitingPhrase(ago(5 * 60_000), now)).toBe('waiting 5 min');
    expect(waitingPhrase(ago(59 * 60_000), now)).toBe('waiting 59 min');
    expect(waitingPhrase(ago(2 * 3_600_000 + 10 * 60_000), now)).toBe('waiting 2 h');
    expect(waitingPhrase(ago(26 * 3_600_000), now)).toBe('waiting 1 day');
    expect(waitingPhrase(ago(3 * 86_400_000), now)).toBe('waiting 3 days');
  });
  it('does not print NaN for a date it cannot read', () => {
    expect(waitingPhrase('not a date', now)).toBe('waiting now');
  });
});
