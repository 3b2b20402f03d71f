import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestServer } from './helpers/test-server.js';
import { APP_SCRIPT, useWebAppServer } from './helpers/web-app-server.js';

describe('web app', () => {
  const t = useWebAppServer();

  it('serves index.html at / and revalidates it on every load', async () => {
    const response = await fetch(`${t.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<title>Natter</title>');
  });

  it('falls back to index.html for a deep link', async () => {
    const response = await fetch(`${t.url}/some/deep/link`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Natter</title>');
  });

  it('caches hashed assets for a year', async () => {
    const response = await fetch(`${t.url}/assets/app-1a2b3c.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('immutable');
  });

  it("sends a script's Brotli copy to a browser that takes it, and says the answer varies by it", async () => {
    const response = await fetch(`${t.url}/assets/app-1a2b3c.js`, {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(await response.text()).toBe(APP_SCRIPT);
  });

  it('sends the gzip copy to a client without Brotli, and the file itself to one without either', async () => {
    const gzipped = await fetch(`${t.url}/assets/app-1a2b3c.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(await gzipped.text()).toBe(APP_SCRIPT);
    const plain = await fetch(`${t.url}/assets/app-1a2b3c.js`, {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(APP_SCRIPT);
  });

  it('gives the page its Content-Security-Policy when it is sent compressed too', async () => {
    for (const path of ['/', '/index.html', '/some/deep/link']) {
      const response = await fetch(`${t.url}${path}`, { headers: { 'accept-encoding': 'br' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await response.text()).toContain('<title>Natter</title>');
    }
  });

  it('still answers an unknown API route with a JSON 404', async () => {
    const response = await fetch(`${t.url}/api/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('keeps /healthz', async () => {
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ ok: true, status: 'ok' });
  });
});

describe('web app not built', () => {
  it('still serves the API', async () => {
    const t = await startTestServer({ webDir: join(tmpdir(), 'natter-missing-web-dir') });
    try {
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${t.url}/`)).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});
