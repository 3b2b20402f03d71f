import { describe, expect, it } from 'vitest';
import { linkPreviewHost } from './link-previews.js';

describe('linkPreviewHost', () => {
  it('names the host without www, or gives the text back when it is not a URL', () => {
    expect(linkPreviewHost('https://www.example.com/a')).toBe('example.com');
    expect(linkPreviewHost('http://news.example:8080/')).toBe('news.example');
    expect(linkPreviewHost('not a url')).toBe('not a url');
  });
});
