import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from './origin-policy.js';

describe('isOriginAllowed', () => {
  it('lets requests without an Origin through (not a browser cross-site request)', () => {
    expect(isOriginAllowed(undefined, 'chat.example', undefined)).toBe(true);
  });

  it('defaults to the server own origin', () => {
    expect(isOriginAllowed('http://127.0.0.1:3000', '127.0.0.1:3000', undefined)).toBe(true);
    expect(isOriginAllowed('http://evil.example', '127.0.0.1:3000', undefined)).toBe(false);
    expect(isOriginAllowed('http://127.0.0.1:3001', '127.0.0.1:3000', undefined)).toBe(false);
  });

  it('uses the allowlist when one is configured, and only it', () => {
    const allowed = ['https://chat.example'];
    expect(isOriginAllowed('https://chat.example', 'internal:3000', allowed)).toBe(true);
    expect(isOriginAllowed('http://internal:3000', 'internal:3000', allowed)).toBe(false);
  });

  it('refuses an Origin that is not a URL', () => {
    expect(isOriginAllowed('null', '127.0.0.1:3000', undefined)).toBe(false);
  });
});
