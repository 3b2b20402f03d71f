import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthResponse } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from './helpers/clients.js';
import { tryConnect } from './helpers/authz-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

const PUBLIC_URL = 'https://chat.example';
const PUBLIC_HOST = 'chat.example';

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** An HTTP call naming any Host (fetch always sends the URL's own). */
function callAs(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<RawAnswer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      baseUrl + path,
      {
        method,
        headers: {
          ...headers,
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text ? (JSON.parse(text) as unknown) : undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('PUBLIC_URL=https://chat.example', () => {
  let t: TestServer;
  let auth: AuthResponse;
  let setCookie: string;
  beforeAll(async () => {
    t = await startTestServer({ publicUrl: PUBLIC_URL });
    const res = await callAs(
      t.url,
      'POST',
      '/api/auth/register',
      { host: PUBLIC_HOST, origin: PUBLIC_URL },
      { username: uniqueName('pub'), password: 'correct horse battery' },
    );
    expect(res.status).toBe(201);
    auth = res.body as AuthResponse;
    setCookie = res.headers['set-cookie']?.[0] ?? '';
  });
  afterAll(() => t.close());

  it('serves requests for its public host', async () => {
    const res = await callAs(t.url, 'GET', '/api/me', {
      host: PUBLIC_HOST,
      authorization: `Bearer ${auth.token}`,
    });
    expect(res.status).toBe(200);
  });

  it.each([['rebound.evil.example'], ['127.0.0.1']])(
    'refuses a request for another Host (%s) with 403 forbidden: DNS rebinding',
    async (host) => {
      const res = await callAs(t.url, 'GET', '/api/me', {
        host,
        authorization: `Bearer ${auth.token}`,
      });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: { code: 'forbidden', message: 'unknown host' } });
    },
  );

  it('answers /healthz whatever the Host (load balancers name the server by address)', async () => {
    const res = await callAs(t.url, 'GET', '/healthz', { host: '10.0.0.7' });
    expect(res.status).toBe(200);
  });

  it('refuses the socket handshake for another Host, and accepts its public host', async () => {
    const other = await tryConnect(t.url, {
      auth: { token: auth.token },
      extraHeaders: { host: 'rebound.evil.example' },
    });
    expect(other.error).toBeInstanceOf(Error);
    const own = await tryConnect(t.url, {
      auth: { token: auth.token },
      extraHeaders: { host: PUBLIC_HOST, origin: PUBLIC_URL },
    });
    expect(own.socket?.connected).toBe(true);
    own.socket?.close();
  });

  it('refuses its own host under another scheme as Origin (http://chat.example)', async () => {
    const res = await callAs(t.url, 'GET', '/api/me', {
      host: PUBLIC_HOST,
      origin: 'http://chat.example',
      authorization: `Bearer ${auth.token}`,
    });
    expect(res.status).toBe(403);
  });

  it('sets the cookie as __Host-natter_session: Secure, HttpOnly, Path=/, no Domain', () => {
    const [pair = '', ...attributes] = setCookie.split(';').map((part) => part.trim());
    expect(pair).toBe(`__Host-natter_session=${auth.token}`);
    expect(attributes).toEqual(expect.arrayContaining(['Secure', 'HttpOnly', 'Path=/']));
    expect(attributes.some((a) => /^domain=/i.test(a))).toBe(false);
  });

  it('reads the token from the cookie name in use, and only from it', async () => {
    const named = (name: string) =>
      callAs(t.url, 'GET', '/api/me', { host: PUBLIC_HOST, cookie: `${name}=${auth.token}` });
    expect((await named('__Host-natter_session')).status).toBe(200);
    expect((await named('natter_session')).status).toBe(401);
  });

  it('sends HSTS', async () => {
    const res = await callAs(t.url, 'GET', '/healthz', { host: PUBLIC_HOST });
    expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
  });
});
