import { describe, expect, it } from 'vitest';
import { previewHost, previewImageLayout } from './preview-layout.js';

describe('previewImageLayout', () => {
  it('puts a wide cover across the card and a small or square image beside the text', () => {
    expect(previewImageLayout('/i', 600, 315)).toBe('banner');
    expect(previewImageLayout('/i', 600, 600)).toBe('thumbnail');
    expect(previewImageLayout('/i', 200, 100)).toBe('thumbnail');
    expect(previewImageLayout('/i', undefined, undefined)).toBe('thumbnail');
    expect(previewImageLayout(undefined, 600, 315)).toBe('none');
  });
});

describe('previewHost', () => {
  it('names the host without www, or gives the text back when it is not a URL', () => {
    expect(previewHost('https://www.example.com/a')).toBe('example.com');
    expect(previewHost('http://news.example:8080/')).toBe('news.example');
    expect(previewHost('not a url')).toBe('not a url');
  });
});
