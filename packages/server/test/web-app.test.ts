import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestServer } from './helpers/test-server.js';
import { useWebAppServer } from './helpers/web-app-server.js';

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
