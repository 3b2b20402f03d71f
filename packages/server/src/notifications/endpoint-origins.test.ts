import { describe, expect, it } from 'vitest';
import { DEFAULT_PUSH_ENDPOINT_ORIGINS } from '../config.js';
import { endpointAllowed } from './endpoint-origins.js';

describe('endpointAllowed', () => {
  it('allows the browsers’ push services by default', () => {
    for (const endpoint of [
      'https://fcm.googleapis.com/fcm/send/abc',
      'https://updates.push.services.mozilla.com/wpush/v2/abc',
      'https://web.push.apple.com/abc',
      'https://wns2-by3p.notify.windows.com/w/?token=abc',
    ]) {
      expect(endpointAllowed(endpoint, DEFAULT_PUSH_ENDPOINT_ORIGINS)).toBe(true);
    }
  });

  it('matches scheme, host and port exactly, and `*.` only for subdomains', () => {
    const list = ['https://127.0.0.1:8443', 'https://*.push.example'];
    expect(endpointAllowed('https://127.0.0.1:8443/push/1', list)).toBe(true);
    expect(endpointAllowed('https://127.0.0.1:8444/push/1', list)).toBe(false);
    expect(endpointAllowed('https://127.0.0.1/push/1', list)).toBe(false);
    expect(endpointAllowed('https://a.push.example/x', list)).toBe(true);
    expect(endpointAllowed('https://a.b.push.example/x', list)).toBe(true);
    expect(endpointAllowed('https://push.example/x', list)).toBe(false);
    expect(endpointAllowed('https://evilpush.example/x', list)).toBe(false);
    expect(endpointAllowed('https://a.push.example.evil.com/x', list)).toBe(false);
    expect(endpointAllowed('https://a.push.example:444/x', list)).toBe(false);
  });

  it('refuses http, credentials in the URL and what is not a URL', () => {
    const list = ['https://push.example'];
    expect(endpointAllowed('http://push.example/x', list)).toBe(false);
    expect(endpointAllowed('https://user:pw@push.example/x', list)).toBe(false);
    expect(endpointAllowed('not a url', list)).toBe(false);
  });
});
