import { describe, expect, it } from 'vitest';
import { linkTokens } from './link-tokens.js';

/** The links found in a text, as [text, href] pairs. */
const links = (text: string) =>
  linkTokens(text).flatMap((t) => (t.kind === 'link' ? [[t.text, t.href]] : []));

describe('linkTokens', () => {
  it('finds http, https, mailto and bare www links, keeping the text around them', () => {
    expect(linkTokens('see http://a.example/x and www.b.example now')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'http://a.example/x', href: 'http://a.example/x' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'www.b.example', href: 'https://www.b.example' },
      { kind: 'text', text: ' now' },
    ]);
    expect(links('HTTPS://Example.com:8443/a?b=c#d')).toEqual([
      ['HTTPS://Example.com:8443/a?b=c#d', 'HTTPS://Example.com:8443/a?b=c#d'],
    ]);
    expect(links('mail mailto:bob@example.com?subject=hi')).toEqual([
      ['mailto:bob@example.com?subject=hi', 'mailto:bob@example.com?subject=hi'],
    ]);
    expect(links('http://localhost:3000/')).toEqual([
      ['http://localhost:3000/', 'http://localhost:3000/'],
    ]);
  });

  it('gives back plain text untouched, and nothing for an empty text', () => {
    expect(linkTokens('just words')).toEqual([{ kind: 'text', text: 'just words' }]);
    expect(linkTokens('')).toEqual([]);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    ' javascript:alert(1)',
    '&#106;avascript:alert(1)',
    '&#x6A;avascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'DATA:text/html;base64,PHNjcmlwdD4=',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.com',
    'blob:https://example.com/uuid',
    '//example.com/protocol-relative',
    'example.com',
    'http://',
    'https://',
    'http:// example.com',
    'http://.',
    'http://-bad',
    'www.',
    'www..',
    'mailto:',
    'mailto:bob',
    'mailto:javascript:alert(1)',
    'bob@example.com',
    'bob@www.example.com',
    'xhttp://example.com',
    'nothttps://example.com',
    'a.www.example.com',
  ])('makes no link of %j', (text) => {
    expect(links(text)).toEqual([]);
    expect(
      linkTokens(text)
        .map((t) => t.text)
        .join(''),
    ).toBe(text);
  });

  it('links only the safe part when a hostile scheme wraps a real URL', () => {
    // The href starts with the allowed prefix itself, so the wrapper stays text.
    expect(links('javascript:(http://evil.example)')).toEqual([
      ['http://evil.example', 'http://evil.example'],
    ]);
  });

  it('leaves trailing punctuation and quotes out of the link', () => {
    for (const tail of ['.', ',', '!', '?', ':', ';', '"', "'", '...', '?!', ').']) {
      expect(links(`go to http://example.com/a${tail}`)).toEqual([
        ['http://example.com/a', 'http://example.com/a'],
      ]);
    }
    expect(links('"www.example.com"')).toEqual([['www.example.com', 'https://www.example.com']]);
    expect(links('(see https://example.com/x)')).toEqual([
      ['https://example.com/x', 'https://example.com/x'],
    ]);
  });

  it('keeps balanced parentheses (Wikipedia) and drops an unbalanced closer', () => {
    const wiki = 'https://en.wikipedia.org/wiki/Pascal_(programming_language)';
    expect(links(wiki)).toEqual([[wiki, wiki]]);
    expect(links(`(${wiki})`)).toEqual([[wiki, wiki]]);
    expect(links(`Read ${wiki}.`)).toEqual([[wiki, wiki]]);
    expect(links('[http://example.com/a]')).toEqual([
      ['http://example.com/a', 'http://example.com/a'],
    ]);
  });

  it('stops at whitespace, angle brackets and control characters', () => {
    expect(links('<http://example.com/a>')).toEqual([
      ['http://example.com/a', 'http://example.com/a'],
    ]);
    expect(links('http://example.com/a\u0000javascript:x')).toEqual([
      ['http://example.com/a', 'http://example.com/a'],
    ]);
    expect(links('http://a.example\nhttp://b.example')).toEqual([
      ['http://a.example', 'http://a.example'],
      ['http://b.example', 'http://b.example'],
    ]);
  });

  it('handles very long input in linear-ish time and loses no character', () => {
    const hostile = '(http://('.repeat(1_200) + 'x'.repeat(5_000);
    const longUrl = `https://example.com/${'a'.repeat(10_000)}`;
    const started = performance.now();
    expect(
      linkTokens(hostile)
        .map((t) => t.text)
        .join(''),
    ).toBe(hostile);
    expect(links(longUrl)).toEqual([[longUrl, longUrl]]);
    const many = 'www.example.com '.repeat(700);
    expect(links(many)).toHaveLength(700);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
