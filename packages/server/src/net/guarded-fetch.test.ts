import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:https';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageServer } from '../../test/helpers/page-servers.js';
import { html, page, redirect, startWithTraps } from '../../test/helpers/page-servers.js';
import { createAddressPolicy } from './address-policy.js';
import type { GuardedFetchFailure, GuardedFetchOptions, ResolveHost } from './guarded-fetch.js';
import { GuardedFetchError, guardedFetch } from './guarded-fetch.js';

// The allowed server lives on 127.0.0.2; traps listen on the same port at 127.0.0.1 and ::1,
// so a connection that went anywhere but the checked address would be counted by a trap.
let allowed: PageServer;
let traps: PageServer[];
let port: number;

/** A fake DNS: names to addresses; anything else does not resolve. Counts look-ups per name. */
function fakeDns(table: Record<string, string | string[] | (() => string)>) {
  const lookups = new Map<string, number>();
  const resolve: ResolveHost = async (hostname) => {
    lookups.set(hostname, (lookups.get(hostname) ?? 0) + 1);
    const entry = table[hostname];
    if (entry === undefined) throw new Error(`ENOTFOUND ${hostname}`);
    const answer = typeof entry === 'function' ? entry() : entry;
    return (Array.isArray(answer) ? answer : [answer]).map((address) => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
  };
  return { resolve, lookups };
}

const dns = fakeDns({
  'allowed.test': '127.0.0.2',
  'loopback.test': '127.0.0.1',
  'private.test': '10.0.0.1',
  'metadata.test': '169.254.169.254',
  'mapped.test': '::ffff:127.0.0.1',
  'mixed.test': ['127.0.0.2', '127.0.0.1'],
  'public.test': '93.184.215.14',
});

const options = (extra: Partial<GuardedFetchOptions> = {}): GuardedFetchOptions => ({
  policy: createAddressPolicy({ allowAddresses: ['127.0.0.2/32'] }),
  resolve: dns.resolve,
  timeoutMs: 5_000,
  maxBodyBytes: 1_000_000,
  ...extra,
});

/** The failure a fetch ends with (it must fail). */
async function failure(url: string, extra?: Partial<GuardedFetchOptions>) {
  const error: unknown = await guardedFetch(url, options(extra)).then(
    (response) => {
      response.discard();
      throw new Error(`fetched ${url} (${response.status})`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GuardedFetchError);
  return error as GuardedFetchError;
}

async function expectFailure(
  url: string,
  kind: GuardedFetchFailure,
  extra?: Partial<GuardedFetchOptions>,
) {
  expect((await failure(url, extra)).failure, url).toBe(kind);
}

const trapConnections = () => traps.reduce((sum, trap) => sum + trap.connections, 0);

beforeAll(async () => {
  ({ allowed, traps } = await startWithTraps('127.0.0.2', ['127.0.0.1', '::1'], {
    '/': (_req, res) => html(res, page('Allowed')),
    '/echo': (req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (part: Buffer) => parts.push(part));
      req.on('end', () =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            method: req.method,
            headers: req.headers,
            body: Buffer.concat(parts).toString(),
          }),
        ),
      );
    },
    '/hop1': (_req, res) => redirect(res, '/hop2'),
    '/hop2': (_req, res) => redirect(res, 'final?x=1', 301),
    '/final': (_req, res) => html(res, page('Final')),
    '/to-loopback': (_req, res) => redirect(res, `http://127.0.0.1:${port}/secret`),
    '/to-loopback-name': (_req, res) => redirect(res, `http://loopback.test:${port}/secret`),
    '/to-mapped': (_req, res) => redirect(res, `http://[::ffff:127.0.0.1]:${port}/secret`),
    '/to-file': (_req, res) => redirect(res, 'file:///etc/passwd'),
    '/to-same-name': (_req, res) => redirect(res, `http://flip.test:${port}/`),
    '/loop': (_req, res) => redirect(res, '/loop'),
    '/post-redirect': (_req, res) => redirect(res, `http://127.0.0.1:${port}/secret`, 307),
    '/silent': () => undefined,
    '/trickle': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html>');
      // Never ends: only the time cap stops the read.
    },
    '/huge': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(Buffer.alloc(3_000_000, 'a'));
    },
  }));
  port = allowed.port;
});

afterAll(async () => {
  await Promise.all([allowed, ...traps].map((server) => server.close()));
});

describe('guardedFetch', () => {
  it('fetches a page from an allowed address, connected to that address', async () => {
    const response = await guardedFetch(allowed.url('/'), options());
    expect(response.status).toBe(200);
    expect(response.remoteAddress).toBe('127.0.0.2');
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const { bytes, complete } = await response.read();
    expect(bytes.toString()).toContain('<title>Allowed</title>');
    expect(complete).toBe(true);
  });

  it('refuses loopback, private and metadata addresses however the URL spells them', async () => {
    for (const host of [
      '127.0.0.1',
      '[::1]',
      '2130706433',
      '0177.0.0.1',
      '0x7f.1',
      '127.1',
      '[::ffff:127.0.0.1]',
      '[::ffff:7f00:1]',
      '[::]',
      '0.0.0.0',
      'localhost',
      'loopback.test',
      'private.test',
      'metadata.test',
      'mapped.test',
    ]) {
      await expectFailure(`http://${host}:${port}/secret`, 'refused');
    }
    await expectFailure('http://169.254.169.254/latest/meta-data/', 'refused');
    await expectFailure('http://metadata.google.internal/computeMetadata/v1/', 'refused');
    expect(trapConnections()).toBe(0);
  });

  it('refuses a name with any refused address among its answers', async () => {
    await expectFailure(`http://mixed.test:${port}/`, 'refused');
    expect(trapConnections()).toBe(0);
  });

  it('follows relative redirects on the allowed host, each hop checked', async () => {
    const before = allowed.requests.length;
    const response = await guardedFetch(allowed.url('/hop1'), options());
    expect(response.status).toBe(200);
    expect(response.url.href).toBe(allowed.url('/final?x=1'));
    expect((await response.read()).bytes.toString()).toContain('Final');
    expect(allowed.requests.slice(before)).toEqual(['/hop1', '/hop2', '/final?x=1']);
  });

  it('refuses a redirect from the allowed host to a private one, by address or by name', async () => {
    for (const path of ['/to-loopback', '/to-loopback-name', '/to-mapped']) {
      const before = allowed.requests.length;
      const error = await failure(allowed.url(path));
      expect(error.failure).toBe('refused');
      expect(allowed.requests.slice(before)).toEqual([path]);
    }
    expect(trapConnections()).toBe(0);
  });

  it('refuses a redirect to another scheme, and a redirect loop after 5 hops', async () => {
    await expectFailure(allowed.url('/to-file'), 'refused');
    const before = allowed.requests.length;
    await expectFailure(allowed.url('/loop'), 'redirects');
    expect(allowed.requests.length - before).toBe(6);
    await expectFailure(allowed.url('/hop1'), 'redirects', { maxRedirects: 1 });
  });

  it('connects to the address it checked, even when DNS answers differently next time (rebinding)', async () => {
    let answers = 0;
    const rebinding = fakeDns({
      'rebind.test': () => (answers++ === 0 ? '127.0.0.2' : '127.0.0.1'),
    });
    const response = await guardedFetch(
      `http://rebind.test:${port}/`,
      options({ resolve: rebinding.resolve }),
    );
    expect(response.remoteAddress).toBe('127.0.0.2');
    expect((await response.read()).bytes.toString()).toContain('Allowed');
    // One look-up, made by the guard: the connection asked nobody else.
    expect(rebinding.lookups.get('rebind.test')).toBe(1);
    expect(trapConnections()).toBe(0);
  });

  it('looks the name up again for a redirect, and refuses what it answers then', async () => {
    let answers = 0;
    const flipping = fakeDns({ 'flip.test': () => (answers++ === 0 ? '127.0.0.2' : '127.0.0.1') });
    const error = await failure(`http://flip.test:${port}/to-same-name`, {
      resolve: flipping.resolve,
    });
    expect(error.failure).toBe('refused');
    expect(error.message).toContain('127.0.0.1');
    expect(flipping.lookups.get('flip.test')).toBe(2);
    expect(trapConnections()).toBe(0);
  });

  it('refuses other ports of a public address unless the policy allows them', async () => {
    // Refused before any connection: 93.184.215.14 is never contacted.
    await expectFailure('http://public.test:8080/', 'refused');
    await expectFailure('http://unknown.test/', 'dns');
  });

  it('cuts a server that sends nothing, and one that never finishes its body, at the time cap', async () => {
    await expectFailure(allowed.url('/silent'), 'timeout', { timeoutMs: 300 });
    const response = await guardedFetch(allowed.url('/trickle'), options({ timeoutMs: 300 }));
    const error: unknown = await response.read().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GuardedFetchError);
    expect((error as GuardedFetchError).failure).toBe('timeout');
  });

  it('reads at most maxBodyBytes of a huge body, and says there was more', async () => {
    const response = await guardedFetch(allowed.url('/huge'), options({ maxBodyBytes: 100_000 }));
    const { bytes, complete } = await response.read();
    expect(bytes.length).toBe(100_000);
    expect(complete).toBe(false);
  });

  it('stops reading when the caller leaves the loop early', async () => {
    const response = await guardedFetch(allowed.url('/huge'), options());
    let received = 0;
    for await (const chunk of response.chunks()) {
      received += chunk.length;
      break;
    }
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(3_000_000);
  });

  it('posts a body with its headers, and does not follow a POST redirect', async () => {
    const response = await guardedFetch(
      allowed.url('/echo'),
      options({
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test': 'yes' },
        body: '{"a":1}',
      }),
    );
    const echoed = JSON.parse((await response.read()).bytes.toString()) as {
      method: string;
      headers: Record<string, string>;
      body: string;
    };
    expect(echoed).toMatchObject({ method: 'POST', body: '{"a":1}' });
    expect(echoed.headers).toMatchObject({
      'x-test': 'yes',
      'content-length': '7',
      host: `127.0.0.2:${port}`,
    });

    const redirected = await guardedFetch(
      allowed.url('/post-redirect'),
      options({ method: 'POST', body: 'x' }),
    );
    expect(redirected.status).toBe(307);
    redirected.discard();
    expect(trapConnections()).toBe(0);
  });

  it('gives up when the caller aborts', async () => {
    const controller = new AbortController();
    const fetching = guardedFetch(allowed.url('/silent'), options({ signal: controller.signal }));
    controller.abort();
    const error: unknown = await fetching.catch((caught: unknown) => caught);
    expect((error as GuardedFetchError).failure).toBe('network');
  });
});

describe('guardedFetch over TLS', () => {
  let secure: Server;
  let cert: string;
  let securePort: number;

  beforeAll(async () => {
    // A certificate for the name secure.test only, served on the allowed address.
    const dir = await mkdtemp(join(tmpdir(), 'natter-guard-tls-'));
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=secure.test',
      '-addext',
      'subjectAltName=DNS:secure.test',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
    cert = await readFile(join(dir, 'cert.pem'), 'utf8');
    const key = await readFile(join(dir, 'key.pem'), 'utf8');
    await rm(dir, { recursive: true, force: true });
    secure = createHttpsServer({ cert, key }, (_request, response) =>
      html(response, page('Secure')),
    );
    await new Promise<void>((listening) => secure.listen(0, '127.0.0.2', listening));
    securePort = (secure.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((closed) => secure.close(() => closed())));

  const tlsDns = fakeDns({ 'secure.test': '127.0.0.2', 'impostor.test': '127.0.0.2' });

  it('verifies the certificate against the host name while connecting to the checked address', async () => {
    const response = await guardedFetch(
      `https://secure.test:${securePort}/`,
      options({ resolve: tlsDns.resolve, ca: cert }),
    );
    expect(response.remoteAddress).toBe('127.0.0.2');
    expect((await response.read()).bytes.toString()).toContain('Secure');
    // The same address under another name: the certificate does not match it.
    const error = await failure(`https://impostor.test:${securePort}/`, {
      resolve: tlsDns.resolve,
      ca: cert,
    });
    expect(error.failure).toBe('network');
    expect(error.message).toMatch(/altnames|does not match/i);
  });
});
