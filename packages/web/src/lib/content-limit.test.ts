import { describe, expect, it } from 'vitest';
import { counterText, measureContent, overLimitText } from './content-limit.js';

describe('measureContent', () => {
  it('counts after trimming, as the server does', () => {
    expect(measureContent(`  ${'a'.repeat(8_999)}  `)).toEqual({
      length: 8_999,
      near: false,
      over: false,
    });
    expect(measureContent('a'.repeat(10_000))).toEqual({ length: 10_000, near: true, over: false });
    expect(measureContent('a'.repeat(10_001)).over).toBe(true);
  });

  it('words the counter and the refusal', () => {
    expect(counterText(9_512)).toBe('9,512 / 10,000');
    expect(overLimitText(12_000)).toBe('Too long to send: remove 2,000 characters.');
  });
});
