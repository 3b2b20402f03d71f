import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

const SIGNATURE = 'S3CR3TSIGNATURE';

describe('request logs', () => {
  let t: TestServer;
  const lines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    t = await startTestServer({}, pino({ level: 'info' }, sink));
  });
  afterAll(() => t.close());

  const loggedUrls = () =>
    lines
      .map((line) => JSON.parse(line) as { req?: { url?: string } })
      .flatMap((entry) => (entry.req?.url ? [entry.req.url] : []));

  it('never contain a signed file URL’s signature: the query is redacted', async () => {
    const path = `/files/${crypto.randomUUID()}`;
    await fetch(`${t.url}${path}?exp=9999999999&sig=${SIGNATURE}`);
    expect(loggedUrls()).toContain(`${path}?[redacted]`);
    expect(lines.join('\n')).not.toContain(SIGNATURE);
  });

  it('redact every query, and keep the path of a URL without one', async () => {
    await fetch(`${t.url}/api/users?query=${SIGNATURE}`);
    await fetch(`${t.url}/api/me`);
    expect(loggedUrls()).toEqual(expect.arrayContaining(['/api/users?[redacted]', '/api/me']));
    expect(lines.join('\n')).not.toContain(SIGNATURE);
  });

  it('leave out health probes that went well: balancers ask every few seconds', async () => {
    await fetch(`${t.url}/healthz`);
    await fetch(`${t.url}/readyz`);
    await fetch(`${t.url}/api/me`);
    expect(loggedUrls()).not.toContain('/healthz');
    expect(loggedUrls()).not.toContain('/readyz');
  });
});
