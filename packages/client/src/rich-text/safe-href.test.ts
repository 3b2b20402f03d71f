import { describe, expect, it } from 'vitest';
import { safeHref } from './safe-href.js';

describe('safeHref', () => {
  it.each([
    ['http://example.com', 'http://example.com/'],
    ['https://example.com:8443/a?b=c#d', 'https://example.com:8443/a?b=c#d'],
    ['HTTPS://Example.COM/Path', 'https://example.com/Path'],
    ['http://localhost:3000/', 'http://localhost:3000/'],
    [
      'https://en.wikipedia.org/wiki/Pascal_(programming_language)',
      'https://en.wikipedia.org/wiki/Pascal_(programming_language)',
    ],
    ['mailto:bob@example.com', 'mailto:bob@example.com'],
    ['MAILTO:bob@example.com?subject=hi', 'mailto:bob@example.com?subject=hi'],
  ])('links %j as %j', (address, href) => {
    expect(safeHref(address)).toBe(href);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\nscript:alert(1)',
    'java\tscript:alert(1)',
    ' javascript:alert(1)',
    'javascript&colon;alert(1)',
    '&#106;avascript:alert(1)',
    '&#x6A;avascript:alert(1)',
    '\u0000javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.com/',
    'blob:https://example.com/uuid',
    'about:blank',
    '//evil.example/protocol-relative',
    '\\\\evil.example\\share',
    '/relative/path',
    'example.com',
    // What the URL parser forgives, refused because it is not written plainly.
    ' https://example.com',
    'https://example.com ',
    'ht\ttps://example.com',
    'https://exa\nmple.com',
    'https:\\\\evil.example',
    'https:evil.example',
    'https://\u200bexample.com',
    'http://',
    'https://',
    // Credentials: "https://bank.example@evil.example" shows one site and opens another.
    'https://bank.example@evil.example/',
    'http://user:password@example.com/',
    'mailto:',
    'mailto:bob',
    'mailto:javascript:alert(1)',
    'mailto:a@b.example/../x',
  ])('refuses %j', (address) => {
    expect(safeHref(address)).toBeUndefined();
  });
});
