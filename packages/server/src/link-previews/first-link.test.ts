import { describe, expect, it } from 'vitest';
import { firstLink } from './first-link.js';

describe('firstLink', () => {
  it('finds the first http(s) link, normalised and without its fragment', () => {
    expect(firstLink('look: https://Example.COM/a?b=1#top and http://other.example')).toBe(
      'https://example.com/a?b=1',
    );
    expect(firstLink('http://example.com')).toBe('http://example.com/');
  });

  it('finds none in text without an http(s) link', () => {
    expect(firstLink('hello there')).toBeUndefined();
    expect(firstLink('ftp://example.com/file mailto:a@example.com')).toBeUndefined();
    expect(firstLink('javascript:alert(1)')).toBeUndefined();
    expect(firstLink('not a link: https://')).toBeUndefined();
  });

  it('leaves out the punctuation and brackets around a link in prose', () => {
    expect(firstLink('Read https://example.com/page.')).toBe('https://example.com/page');
    expect(firstLink('Really? https://example.com/page?!')).toBe('https://example.com/page');
    expect(firstLink('(see https://example.com/x)')).toBe('https://example.com/x');
    expect(firstLink('[the docs](https://example.com/docs)')).toBe('https://example.com/docs');
    expect(firstLink('<https://example.com/auto>')).toBe('https://example.com/auto');
    expect(firstLink('"https://example.com/q"')).toBe('https://example.com/q');
    expect(firstLink('https://en.wikipedia.org/wiki/Go_(game), a game')).toBe(
      'https://en.wikipedia.org/wiki/Go_(game)',
    );
  });

  it('skips links inside code spans and code blocks', () => {
    expect(firstLink('run `curl https://internal.example/x` then https://example.com/y')).toBe(
      'https://example.com/y',
    );
    expect(firstLink('```\nfetch("https://code.example/")\n```\nhttps://example.com/z')).toBe(
      'https://example.com/z',
    );
    expect(firstLink('~~~js\nhttps://code.example/\n~~~')).toBeUndefined();
    // An unclosed fence runs to the end, as Markdown reads it.
    expect(firstLink('```\nhttps://code.example/')).toBeUndefined();
  });

  it('skips links too long to be real', () => {
    expect(firstLink(`https://example.com/${'a'.repeat(3000)}`)).toBeUndefined();
  });
});
