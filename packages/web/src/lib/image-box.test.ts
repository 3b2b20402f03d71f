import { describe, expect, it } from 'vitest';
import { fitImage } from './image-box.js';

describe('fitImage', () => {
  it('scales large images down to the box, keeping the ratio', () => {
    expect(fitImage(1600, 800)).toEqual({ width: 320, height: 160 });
    expect(fitImage(600, 1200)).toEqual({ width: 160, height: 320 });
  });
  it('never scales up, and knows nothing without both sides', () => {
    expect(fitImage(40, 30)).toEqual({ width: 40, height: 30 });
    expect(fitImage(undefined, 30)).toBeUndefined();
  });
});
