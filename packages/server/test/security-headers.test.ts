import { get } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { registerUser } from './helpers/clients.js';
import { useWebAppServer } from './helpers/web-app-server.js';

/** The directives of a Content-Security-Policy header, by name. */
function directives(policy: string | null): Map<string, string[]> {
  return new Map(
    (policy ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name = '', ...values]) => [name, values]),
  );
}

describe('security headers', () => {
  const t = useWebAppServer();

  it.each([['/'], ['/rooms/deep/link']])(
    'the app page (%s) gets a strict CSP: no inline script, not frameable',
    async (path) => {
      const response = await fetch(t.url + path);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      const csp = directives(response.headers.get('content-security-policy'));
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('style-src')).toEqual(["'self'"]);
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'none'"]);
      expect(csp.get('img-src')).toEqual(["'self'", 'blob:', 'data:']);
      expect(csp.get('connect-src')).toEqual(["'self'"]);
      for (const values of csp.values()) expect(values).not.toContain("'unsafe-inline'");
    },
  );

  it('a revalidated page (304) keeps the page policy: browsers merge its headers into the cache', async () => {
    // Both ask for the same encoding, as a browser does: the page's copy has an etag of its own.
    const headers = { 'accept-encoding': 'gzip, deflate, br' };
    const first = await fetch(`${t.url}/`, { headers });
    const etag = first.headers.get('etag') ?? '';
    // fetch() turns a conditional request into a no-cache one; node:http sends it as a browser does.
    const again = await new Promise<IncomingMessage>((resolve, reject) =>
      get(`${t.url}/`, { headers: { ...headers, 'if-none-match': etag } }, resolve).on(
        'error',
        reject,
      ),
    );
    again.resume();
    expect(again.statusCode).toBe(304);
    const policy = String(again.headers['content-security-policy']);
    expect(policy).toBe(first.headers.get('content-security-policy'));
    expect(directives(policy).get('script-src')).toEqual(["'self'"]);
  });

  it.each([
    { name: 'a JSON answer', path: '/api/me', status: 401 },
    { name: 'an unknown route', path: '/api/nope', status: 404 },
    { name: 'the health check', path: '/healthz', status: 200 },
    { name: 'a built asset', path: '/assets/app-1a2b3c.js', status: 200 },
  ])('$name gets nosniff, no-referrer and a CSP that allows nothing', async (c) => {
    const response = await fetch(t.url + c.path);
    expect(response.status).toBe(c.status);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
  });

  it('sends no HSTS over plain http, and the app page gets nosniff and no-referrer too', async () => {
    const response = await fetch(`${t.url}/`);
    expect(response.headers.get('strict-transport-security')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('keeps plain http working: the cookie is natter_session without Secure', async () => {
    const user = await registerUser(t.url, 'plain');
    const response = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.user.username, password: user.password }),
    });
    const cookie = response.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^natter_session=/);
    expect(cookie).not.toMatch(/;\s*Secure/i);
  });
});
