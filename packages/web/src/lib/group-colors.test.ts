import { describe, expect, it } from 'vitest';
import { GROUP_COLOR_HUES, roomHue } from './group-colors.js';

describe('roomHue', () => {
  it("is the chosen colour's hue, or nothing (derive from the id) without one", () => {
    expect(roomHue({ color: 'teal' })).toBe(GROUP_COLOR_HUES.teal);
    expect(roomHue({})).toBeUndefined();
  });

  it('gives every palette colour its own hue', () => {
    const hues = Object.values(GROUP_COLOR_HUES);
    expect(new Set(hues).size).toBe(hues.length);
  });
});
