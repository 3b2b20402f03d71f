import { describe, expect, it } from 'vitest';
import { previewImageLayout } from './preview-layout.js';

describe('previewImageLayout', () => {
  it('puts a wide cover across the card and a small or square image beside the text', () => {
    expect(previewImageLayout('/i', 600, 315)).toBe('banner');
    expect(previewImageLayout('/i', 600, 600)).toBe('thumbnail');
    expect(previewImageLayout('/i', 200, 100)).toBe('thumbnail');
    expect(previewImageLayout('/i', undefined, undefined)).toBe('thumbnail');
    expect(previewImageLayout(undefined, 600, 315)).toBe('none');
  });
});
