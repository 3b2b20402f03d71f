import type { LinkPreview, Message } from '@natter/protocol';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolveHost } from '../src/net/guarded-fetch.js';
import { caughtUp } from './helpers/barrier.js';
import type { ClientSocket } from './helpers/clients.js';
import { createDirectRoom, nextEvent, ok, recordEvents, request } from './helpers/clients.js';
import {
  closeSocket,
  codeOf,
  connectReady,
  loadMessage,
  registerUsers,
  sendOk,
  useSocketTestServer,
} from './helpers/message-helpers.js';
import type { PageRoute, PageServer } from './helpers/page-servers.js';
import {
  html,
  openGraphPage,
  redirect,
  serveBytes,
  startWithTraps,
} from './helpers/page-servers.js';
import { startTestServer } from './helpers/test-server.js';

// The allowed page server is on 127.0.0.2 (allowlisted below); traps listen on the same port at
// 127.0.0.1 and ::1, and no test may ever reach them.
let allowed: PageServer;
let traps: PageServer[];
let port: number;
let coverPng: Buffer;

/** The test's DNS: names to addresses, counting look-ups; `rebind.test` answers 127.0.0.1 after its first answer. */
const lookups = new Map<string, number>();
const DNS: Record<string, string> = {
  'news.test': '127.0.0.2',
  'loopback.test': '127.0.0.1',
  'private.test': '10.0.0.1',
  'metadata.test': '169.254.169.254',
};
const resolve: ResolveHost = async (hostname) => {
  const count = (lookups.get(hostname) ?? 0) + 1;
  lookups.set(hostname, count);
  const address =
    hostname === 'rebind.test' ? (count === 1 ? '127.0.0.2' : '127.0.0.1') : DNS[hostname];
  if (!address) throw new Error(`ENOTFOUND ${hostname}`);
  return [{ address, family: address.includes(':') ? 6 : 4 }];
};

const { t, sockets, directPair } = useSocketTestServer({
  linkPreviews: { allowAddresses: ['127.0.0.2/32'], resolve, timeoutMs: 1_000 },
});

const url = (path: string) => allowed.url(path);
const trapConnections = () => traps.reduce((sum, trap) => sum + trap.connections, 0);
const previews = () => {
  const service = t.server.linkPreviews;
  if (!service) throw new Error('link previews are off');
  return service;
};

/** An article page with Open Graph tags and, unless `image` is null, an image. */
const article = (title: string, image: string | null = '/img/cover.png'): PageRoute =>
  openGraphPage({
    title,
    description: 'What &amp; why, in a sentence or two.',
    siteName: 'News Example',
    ...(image === null ? {} : { image }),
  });

/** Sends `content` and waits for the preview work it caused to end; answers the message as loaded. */
async function sendAndSettle(
  socket: ClientSocket,
  roomId: string,
  content: string,
): Promise<Message> {
  const sent = await sendOk(socket, roomId, content);
  await previews().settled();
  return loadMessage(socket, roomId, sent.id);
}

/** A preview's fields, its signed image URL reduced to where it leads (signatures expire). */
const comparable = (preview: LinkPreview | undefined) =>
  preview && { ...preview, imageUrl: preview.imageUrl?.split('?')[0] };

beforeAll(async () => {
  coverPng = await sharp({
    create: { width: 1200, height: 630, channels: 3, background: '#3366cc' },
  })
    .png()
    .toBuffer();
  ({ allowed, traps } = await startWithTraps('127.0.0.2', ['127.0.0.1', '::1'], {
    '/img/cover.png': serveBytes(coverPng),
  }));
  port = allowed.port;
});

afterAll(async () => {
  await Promise.all([allowed, ...traps].map((server) => server.close()));
});

describe('link previews', () => {
  it('a link gets a preview, sent as message:updated to the members only, with the image as the server own thumbnail', async () => {
    const { room, a, b } = await directPair();
    const [outsider] = await registerUsers(t.url, ['outsider']);
    const o = await sockets.connect(outsider!);
    const outsiderUpdates = recordEvents(o, 'message:updated');
    allowed.route('/live/article', article('Live article'));
    const link = url('/live/article');

    const sent = await sendOk(a, room.id, `have a look: ${link}`);
    expect(sent.preview).toBeUndefined();
    const [forA, forB] = await Promise.all([
      nextEvent(a, 'message:updated', (m) => m.id === sent.id),
      nextEvent(b, 'message:updated', (m) => m.id === sent.id),
    ]);
    expect(forB.preview).toMatchObject({
      url: link,
      title: 'Live article',
      description: 'What & why, in a sentence or two.',
      siteName: 'News Example',
      imageWidth: 600,
      imageHeight: 315,
    });
    expect(comparable(forA.preview)).toEqual(comparable(forB.preview));
    expect(Object.keys(forB.preview!)).not.toContain('imageKey');

    // The image is served by Natter from its own copy, to whoever holds the signed URL.
    const imageUrl = forB.preview!.imageUrl!;
    expect(imageUrl).toMatch(/^\/api\/link-preview-images\/lp-[0-9a-f]{64}\?expires=\d+&sig=/);
    const image = await fetch(t.url + imageUrl);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/webp');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    const served = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
    expect([served.format, served.width, served.height]).toEqual(['webp', 600, 315]);
    expect((await fetch(t.url + imageUrl.split('?')[0])).status).toBe(400);
    expect((await fetch(t.url + imageUrl.replace(/sig=.{4}/, 'sig=AAAA'))).status).toBe(403);

    // Bob's twin arrived, so the outsider's would have too: it never comes.
    await caughtUp(o);
    expect(outsiderUpdates.seen).toEqual([]);
    expect(comparable((await loadMessage(b, room.id, sent.id)).preview)).toEqual(
      comparable(forB.preview),
    );
  });

  it('reads a page once for many messages: concurrent ones share the fetch, later ones the cache', async () => {
    const { room, a } = await directPair();
    allowed.route('/cached/article', article('Cached', '/cached/cover.png'));
    allowed.route('/cached/cover.png', serveBytes(coverPng));
    const link = url('/cached/article');
    const requestsOf = (path: string) => allowed.requests.filter((p) => p === path).length;

    const first = await Promise.all([1, 2, 3].map((i) => sendOk(a, room.id, `${i} ${link}`)));
    await previews().settled();
    const later = await sendAndSettle(a, room.id, `again ${link}`);
    for (const message of [...first, later]) {
      expect((await loadMessage(a, room.id, message.id)).preview?.title).toBe('Cached');
    }
    expect(requestsOf('/cached/article')).toBe(1);
    expect(requestsOf('/cached/cover.png')).toBe(1);
  });

  it('never requests a loopback, private or metadata address, however the link spells it', async () => {
    const { room, a } = await directPair();
    const hosts = [
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      `2130706433:${port}`,
      `0177.0.0.1:${port}`,
      `0x7f.1:${port}`,
      `127.1:${port}`,
      `[::ffff:127.0.0.1]:${port}`,
      `[::ffff:7f00:1]:${port}`,
      `localhost:${port}`,
      `loopback.test:${port}`,
      `private.test:${port}`,
      `metadata.test`,
      `169.254.169.254`,
      `metadata.google.internal`,
    ];
    for (const host of hosts) {
      const message = await sendAndSettle(a, room.id, `http://${host}/secret`);
      expect(message.preview, host).toBeUndefined();
    }
    expect(trapConnections()).toBe(0);
  });

  it('refuses a redirect from the allowed host to a private one, and follows one that stays allowed', async () => {
    const { room, a } = await directPair();
    allowed.route('/redirect/to-private', (_request, response) =>
      redirect(response, `http://127.0.0.1:${port}/secret`),
    );
    allowed.route('/redirect/to-private-name', (_request, response) =>
      redirect(response, `http://loopback.test:${port}/secret`),
    );
    allowed.route('/redirect/relative', (_request, response) =>
      redirect(response, '../redirect/target?from=relative', 301),
    );
    allowed.route('/redirect/target', article('Arrived'));

    for (const path of ['/redirect/to-private', '/redirect/to-private-name']) {
      expect((await sendAndSettle(a, room.id, url(path))).preview).toBeUndefined();
      expect(allowed.requests).toContain(path);
    }
    const followed = await sendAndSettle(a, room.id, url('/redirect/relative'));
    // The preview belongs to the link as written; the page it led to gave the text.
    expect(followed.preview).toMatchObject({ url: url('/redirect/relative'), title: 'Arrived' });
    expect(allowed.requests).toContain('/redirect/target?from=relative');
    expect(trapConnections()).toBe(0);
  });

  it('leaves out an image on a private host, directly or by redirect, and one that is not a raster image', async () => {
    const { room, a } = await directPair();
    allowed.route('/image/private', article('Private image', `http://127.0.0.1:${port}/img.png`));
    allowed.route('/image/redirected', article('Redirected image', '/image/hop.png'));
    allowed.route('/image/hop.png', (_request, response) =>
      redirect(response, `http://[::1]:${port}/img.png`),
    );
    allowed.route('/image/svg', article('Vector image', '/image/logo.svg'));
    allowed.route(
      '/image/logo.svg',
      serveBytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    );
    for (const [path, title] of [
      ['/image/private', 'Private image'],
      ['/image/redirected', 'Redirected image'],
      ['/image/svg', 'Vector image'],
    ] as const) {
      const { preview } = await sendAndSettle(a, room.id, url(path));
      expect(preview, path).toMatchObject({ title });
      expect(preview?.imageUrl, path).toBeUndefined();
    }
    expect(allowed.requests).toContain('/image/logo.svg');
    expect(trapConnections()).toBe(0);
  });

  it('connects to the address it checked even when DNS answers differently next time (rebinding)', async () => {
    const { room, a } = await directPair();
    allowed.route('/rebind', article('Rebound', null));
    const message = await sendAndSettle(a, room.id, `http://rebind.test:${port}/rebind`);
    expect(message.preview?.title).toBe('Rebound');
    // One look-up, by the guard; the connection went to its answer, not to a second one.
    expect(lookups.get('rebind.test')).toBe(1);
    expect(trapConnections()).toBe(0);
  });

  it('makes no preview of a slow page, a page without metadata, a page whose head is past the size cap, or what is not HTML', async () => {
    const { room, a } = await directPair();
    allowed.route('/nothing/slow', () => undefined);
    allowed.route('/nothing/bare', (_request, response) =>
      html(response, '<html><body><p>Just text</p></body></html>'),
    );
    allowed.route('/nothing/late-head', (_request, response) =>
      html(response, `<!-- ${'x'.repeat(1_200_000)} --><title>Too far</title>`),
    );
    allowed.route(
      '/nothing/json',
      serveBytes('{"title":"<title>Not a page</title>"}', 'application/json'),
    );
    allowed.route('/nothing/png', serveBytes(coverPng));
    allowed.route('/nothing/missing', (_request, response) => response.writeHead(404).end());
    for (const path of ['slow', 'bare', 'late-head', 'json', 'png', 'missing']) {
      expect(
        (await sendAndSettle(a, room.id, url(`/nothing/${path}`))).preview,
        path,
      ).toBeUndefined();
    }
    // A page that gave nothing is remembered too: not asked again for the next message.
    await sendAndSettle(a, room.id, url('/nothing/bare'));
    expect(allowed.requests.filter((p) => p === '/nothing/bare')).toHaveLength(1);
  });

  it('a reconnecting client catches the preview up with messages:sync, as a fresh load shows it', async () => {
    const [alice, bob] = await registerUsers(t.url, ['alice', 'bob']);
    const room = await createDirectRoom(t.url, alice!.token, bob!.user.id);
    const a = await sockets.connect(alice!);
    let b = await sockets.connect(bob!);
    allowed.route('/sync/article', article('Synced'));
    const sent = await sendOk(a, room.id, url('/sync/article'));
    await nextEvent(b, 'message:new', (m) => m.id === sent.id);
    const before = ok(
      await request(b, 'messages:sync', {
        rooms: [{ roomId: room.id, afterSeq: sent.seq, changesSince: '0' }],
      }),
    ).rooms[0]!;
    await closeSocket(b);
    await previews().settled();

    b = await sockets.connect(bob!);
    const synced = ok(
      await request(b, 'messages:sync', {
        rooms: [{ roomId: room.id, afterSeq: sent.seq, changesSince: before.changesCursor }],
      }),
    ).rooms[0]!;
    const change = synced.changes.find((m) => m.id === sent.id);
    expect(change?.preview?.title).toBe('Synced');
    const fresh = await loadMessage(b, room.id, sent.id);
    expect({ ...change, preview: comparable(change?.preview) }).toEqual({
      ...fresh,
      preview: comparable(fresh.preview),
    });
  });

  it('an edit that changes the link replaces the preview; one that keeps it keeps the preview', async () => {
    const { room, a, b } = await directPair();
    allowed.route('/edit/first', article('First', null));
    allowed.route('/edit/second', article('Second', null));
    const message = await sendAndSettle(a, room.id, `see ${url('/edit/first')}`);
    expect(message.preview?.title).toBe('First');

    const kept = ok(
      await request(a, 'message:edit', {
        messageId: message.id,
        content: `look at ${url('/edit/first')}!`,
      }),
    ).message;
    expect(kept.preview?.title).toBe('First');

    const cleared = nextEvent(b, 'message:updated', (m) => m.content.startsWith('no, '));
    const replacedBy = nextEvent(b, 'message:updated', (m) => m.preview?.title === 'Second');
    const edited = ok(
      await request(a, 'message:edit', {
        messageId: message.id,
        content: `no, ${url('/edit/second')}`,
      }),
    ).message;
    expect(edited.preview).toBeUndefined();
    expect((await cleared).preview).toBeUndefined();
    expect((await replacedBy).preview?.url).toBe(url('/edit/second'));

    ok(await request(a, 'message:edit', { messageId: message.id, content: 'no link any more' }));
    await previews().settled();
    expect((await loadMessage(a, room.id, message.id)).preview).toBeUndefined();
    expect(allowed.requests.filter((p) => p === '/edit/first')).toHaveLength(1);
  });

  it('a deleted message loses its preview', async () => {
    const { room, a } = await directPair();
    allowed.route('/delete/article', article('Deleted', null));
    const message = await sendAndSettle(a, room.id, url('/delete/article'));
    expect(message.preview).toBeDefined();
    ok(await request(a, 'message:delete', { messageId: message.id }));
    expect((await loadMessage(a, room.id, message.id)).preview).toBeUndefined();
  });

  it('is forgotten from the cache once stale, and read again', async () => {
    const { room, a } = await directPair();
    allowed.route('/stale/article', article('Stale', null));
    await sendAndSettle(a, room.id, url('/stale/article'));
    await previews().sweepCache(Date.now() + 48 * 3_600_000);
    expect((await sendAndSettle(a, room.id, url('/stale/article'))).preview?.title).toBe('Stale');
    expect(allowed.requests.filter((p) => p === '/stale/article')).toHaveLength(2);
  });
});

describe('message:preview:remove', () => {
  it('the author removes it, once: members are told, and no edit brings it back', async () => {
    const { room, a, b } = await directPair();
    allowed.route('/remove/article', article('Removable', null));
    allowed.route('/remove/other', article('Other', null));
    const message = await sendAndSettle(a, room.id, url('/remove/article'));
    expect(message.preview?.title).toBe('Removable');

    const updates = recordEvents(b, 'message:updated');
    const told = nextEvent(b, 'message:updated', (m) => m.id === message.id);
    const removed = ok(
      await request(a, 'message:preview:remove', { messageId: message.id }),
    ).message;
    expect(removed.preview).toBeUndefined();
    expect((await told).preview).toBeUndefined();

    // Idempotent: the same answer, and nothing sent.
    const again = ok(await request(a, 'message:preview:remove', { messageId: message.id })).message;
    expect(again.preview).toBeUndefined();
    await caughtUp(a);
    await caughtUp(b);

    ok(
      await request(a, 'message:edit', {
        messageId: message.id,
        content: `now ${url('/remove/other')}`,
      }),
    );
    await previews().settled();
    expect((await loadMessage(b, room.id, message.id)).preview).toBeUndefined();
    expect(allowed.requests).not.toContain('/remove/other');
    expect(updates.seen.filter((m) => m.id === message.id).map((m) => m.content)).toEqual([
      message.content,
      `now ${url('/remove/other')}`,
    ]);
  });

  it('refuses the other member, outsiders, unknown messages and bad payloads, changing nothing', async () => {
    const { room, a, b } = await directPair();
    allowed.route('/remove/kept', article('Kept', null));
    const message = await sendAndSettle(a, room.id, url('/remove/kept'));
    const [outsider] = await registerUsers(t.url, ['outsider']);
    const o = await sockets.connect(outsider!);

    expect(codeOf(await request(b, 'message:preview:remove', { messageId: message.id }))).toBe(
      'forbidden',
    );
    expect(codeOf(await request(o, 'message:preview:remove', { messageId: message.id }))).toBe(
      'forbidden',
    );
    expect(
      codeOf(
        await request(a, 'message:preview:remove', {
          messageId: '00000000-0000-4000-8000-000000000000',
        }),
      ),
    ).toBe('not_found');
    const bad = await request(a, 'message:preview:remove', { messageId: 42 });
    expect(codeOf(bad)).toBe('bad_request');
    expect(bad.ok ? '' : bad.error.message).toContain('messageId');
    expect(
      codeOf(await request(a, 'message:preview:remove', { messageId: message.id, extra: 1 })),
    ).toBe('bad_request');
    expect((await loadMessage(a, room.id, message.id)).preview?.title).toBe('Kept');
  });
});

describe('LINK_PREVIEWS=off', () => {
  it('makes no request at all', async () => {
    const off = await startTestServer({
      linkPreviews: { enabled: false, allowAddresses: ['127.0.0.2/32'], resolve },
    });
    try {
      expect(off.server.linkPreviews).toBeUndefined();
      const [alice, bob] = await registerUsers(off.url, ['alice', 'bob']);
      const room = await createDirectRoom(off.url, alice!.token, bob!.user.id);
      allowed.route('/off/article', article('Never read', null));
      const a = await connectReady(off.url, alice!.token);
      try {
        const message = await sendOk(a, room.id, url('/off/article'));
        expect((await loadMessage(a, room.id, message.id)).preview).toBeUndefined();
        // Nothing that could fetch exists on this server: no request can come later either.
        expect(allowed.requests).not.toContain('/off/article');
      } finally {
        a.close();
      }
    } finally {
      await off.close();
    }
  });
});
