import { describe, expect, it } from 'vitest';
import { isOriginAllowed, refusalAtTheDoor } from './origin-policy.js';

describe('isOriginAllowed', () => {
  it('lets requests without an Origin through (not a browser cross-site request)', () => {
    expect(isOriginAllowed(undefined, 'http://chat.example', undefined)).toBe(true);
  });

  it('defaults to the server own origin, scheme and port included', () => {
    const own = 'http://127.0.0.1:3000';
    expect(isOriginAllowed('http://127.0.0.1:3000', own, undefined)).toBe(true);
    expect(isOriginAllowed('http://evil.example', own, undefined)).toBe(false);
    expect(isOriginAllowed('http://127.0.0.1:3001', own, undefined)).toBe(false);
    expect(isOriginAllowed('https://127.0.0.1:3000', own, undefined)).toBe(false);
  });

  it('uses the allowlist when one is configured, and only it', () => {
    const allowed = ['https://chat.example'];
    expect(isOriginAllowed('https://chat.example', 'http://internal:3000', allowed)).toBe(true);
    expect(isOriginAllowed('http://internal:3000', 'http://internal:3000', allowed)).toBe(false);
  });

  it('refuses an Origin that is not a URL', () => {
    expect(isOriginAllowed('null', 'http://127.0.0.1:3000', undefined)).toBe(false);
  });
});

describe('refusalAtTheDoor', () => {
  it('compares the Origin with the scheme the request came in on', () => {
    const headers = { host: 'chat.example', origin: 'https://chat.example' };
    expect(refusalAtTheDoor(headers, {})).toBe('origin not allowed');
    expect(refusalAtTheDoor({ ...headers, 'x-forwarded-proto': 'https' }, {})).toBe(
      'origin not allowed',
    );
    expect(
      refusalAtTheDoor({ ...headers, 'x-forwarded-proto': 'https' }, { trustProxy: 1 }),
    ).toBeUndefined();
  });

  it('with a public URL, serves its Host only and takes it as the own origin', () => {
    const config = { publicUrl: 'https://chat.example' };
    expect(refusalAtTheDoor({ host: 'chat.example' }, config)).toBeUndefined();
    expect(refusalAtTheDoor({ host: 'CHAT.example', origin: 'https://chat.example' }, config)).toBe(
      undefined,
    );
    expect(refusalAtTheDoor({ host: 'rebound.evil.example' }, config)).toBe('unknown host');
    expect(refusalAtTheDoor({}, config)).toBe('unknown host');
    expect(refusalAtTheDoor({ host: 'chat.example', origin: 'http://chat.example' }, config)).toBe(
      'origin not allowed',
    );
  });
});
