import { describe, expect, it } from 'vitest';
import { readFrameMode } from './frame-mode.js';

const at = (url: string) => readFrameMode(new URL(url, 'https://natter.example'));

describe('readFrameMode', () => {
  it('reads the widget mode from the site key and the host origin', () => {
    expect(at('/widget/frame?site=abc&host=https%3A%2F%2Fshop.example')).toEqual({
      kind: 'widget',
      siteKey: 'abc',
      hostOrigin: 'https://shop.example',
    });
  });

  it('reads the standalone page from its link', () => {
    expect(at('/c/AbC_-123')).toEqual({ kind: 'page', link: 'AbC_-123' });
  });

  it('is neither without a site key, a host, or with a malformed link', () => {
    expect(at('/widget/frame?site=abc')).toBeUndefined();
    expect(at('/widget/frame?host=https%3A%2F%2Fshop.example')).toBeUndefined();
    expect(at('/c/a/b')).toBeUndefined();
  });
});
