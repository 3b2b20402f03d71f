import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Message } from '@natter/protocol';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '@natter/protocol';
import { objectKeys } from '../src/files/object-keys.js';
import { expectAckError, expectHttpError } from './helpers/authz-helpers.js';
import type { TestUser } from './helpers/clients.js';
import { createDirectRoom, createGroupRoom, nextEvent, ok, request } from './helpers/clients.js';
import type { FileDriver, FileTestServer } from './helpers/file-helpers.js';
import {
  download,
  FILE_DRIVERS,
  pngBytes,
  putBytes,
  requestUpload,
  sendWithAttachments,
  sendWithAttachmentsOk,
  startFileTestServer,
  uploadFile,
  waitMs,
} from './helpers/file-helpers.js';
import {
  connectReady,
  eventually,
  loadMessage,
  registerUsers,
  socketPool,
} from './helpers/message-helpers.js';

/**
 * The file suite, run once per file storage driver: the local disk and a real S3-compatible
 * server (s3rver). s3rver does not verify signatures, so tampering is tested on local only.
 */
describe.each(FILE_DRIVERS)('files on the %s driver', (driver: FileDriver) => {
  let t: FileTestServer;
  const sockets = socketPool(() => t.url);
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let roomId: string;

  beforeAll(async () => {
    t = await startFileTestServer(driver);
    [alice, bob, carol] = (await registerUsers(t.url, ['alice', 'bob', 'carol'])) as [
      TestUser,
      TestUser,
      TestUser,
    ];
    roomId = (await createDirectRoom(t.url, alice.token, bob.user.id)).id;
  });
  afterEach(() => sockets.closeAll());
  afterAll(() => t.close());

  it('an image goes from upload URL to PUT to a message the other member can read', async () => {
    const png = await pngBytes(640, 480);
    const bobSocket = await sockets.connect(bob);
    const aliceSocket = await sockets.connect(alice);

    const { status, body } = await requestUpload(t.url, alice.token, {
      roomId,
      filename: 'holiday.png',
      mimeType: 'image/png',
      size: png.length,
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      uploadMethod: 'PUT',
      uploadHeaders: { 'content-type': 'image/png' },
    });
    expect((await putBytes(t.url, body, png)).ok).toBe(true);

    const received = nextEvent(bobSocket, 'message:new', (m) => m.roomId === roomId);
    const sent = await sendWithAttachmentsOk(aliceSocket, roomId, [body.attachmentId], 'image');
    const message = await received;
    expect(message.id).toBe(sent.id);
    const [attachment] = message.attachments ?? [];
    expect(attachment).toMatchObject({
      id: body.attachmentId,
      filename: 'holiday.png',
      mimeType: 'image/png',
      size: png.length,
      width: 640,
      height: 480,
    });

    const file = await download(t.url, attachment?.url ?? '');
    expect(file.response.status).toBe(200);
    expect(file.response.headers.get('content-type')).toBe('image/png');
    expect(file.bytes.equals(png)).toBe(true);

    const thumb = await download(t.url, attachment?.thumbnailUrl ?? '');
    expect(thumb.response.status).toBe(200);
    expect(thumb.response.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(thumb.bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 320, 240]);

    // History carries the same attachments, with fresh URLs.
    const loaded = await loadMessage(bobSocket, roomId, sent.id);
    expect(loaded.attachments?.[0]).toMatchObject({ id: body.attachmentId, width: 640 });
  });

  it('a message may carry several files, in the order named, with empty content', async () => {
    const aliceSocket = await sockets.connect(alice);
    const first = await uploadFile(t.url, alice.token, {
      roomId,
      filename: 'a.txt',
      mimeType: 'text/plain',
      bytes: Buffer.from('first'),
    });
    const second = await uploadFile(t.url, alice.token, {
      roomId,
      filename: 'b.pdf',
      mimeType: 'application/pdf',
      bytes: Buffer.from('%PDF-1.4 not really'),
    });
    const message = await sendWithAttachmentsOk(aliceSocket, roomId, [second, first]);
    expect(message.content).toBe('');
    expect(message.attachments?.map((a) => a.id)).toEqual([second, first]);
    const text = await download(t.url, message.attachments?.[1]?.url ?? '');
    expect(text.bytes.toString()).toBe('first');
    expect(text.response.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('a non-member can neither get an upload URL nor read a room to get file URLs', async () => {
    const refused = await requestUpload(t.url, carol.token, {
      roomId,
      filename: 'x.txt',
      mimeType: 'text/plain',
      size: 3,
    });
    expectHttpError(refused, 404, 'not_found');
    const carolSocket = await sockets.connect(carol);
    expectAckError(await request(carolSocket, 'messages:load', { roomId, limit: 10 }), 'forbidden');
    const anonymous = await requestUpload(t.url, '', {
      roomId,
      filename: 'x.txt',
      mimeType: 'text/plain',
      size: 3,
    });
    expectHttpError(anonymous, 401, 'unauthorized');
  });

  it("another user's upload, another room's upload and a reused upload are refused", async () => {
    const other = await createGroupRoom(t.url, alice.token, [bob.user.id]);
    const aliceSocket = await sockets.connect(alice);
    const bobSocket = await sockets.connect(bob);
    const id = await uploadFile(t.url, alice.token, {
      roomId,
      filename: 'mine.txt',
      mimeType: 'text/plain',
      bytes: Buffer.from('mine'),
    });

    expect(
      expectAckError(await sendWithAttachments(bobSocket, roomId, [id]), 'bad_request'),
    ).toMatch(/attachmentIds/);
    expect(
      expectAckError(await sendWithAttachments(aliceSocket, other.id, [id]), 'bad_request'),
    ).toMatch(/attachmentIds/);
    await sendWithAttachmentsOk(aliceSocket, roomId, [id]);
    expect(
      expectAckError(await sendWithAttachments(aliceSocket, roomId, [id]), 'bad_request'),
    ).toMatch(/attachmentIds/);
  });

  it('an upload whose bytes never arrived cannot be attached', async () => {
    const aliceSocket = await sockets.connect(alice);
    const { body } = await requestUpload(t.url, alice.token, {
      roomId,
      filename: 'later.txt',
      mimeType: 'text/plain',
      size: 5,
    });
    expect(
      expectAckError(
        await sendWithAttachments(aliceSocket, roomId, [body.attachmentId]),
        'bad_request',
      ),
    ).toMatch(/attachmentIds: .* not been uploaded/);
  });

  it('text bytes claiming image/png become a plain file: refused as an image, served as a download', async () => {
    const aliceSocket = await sockets.connect(alice);
    const id = await uploadFile(t.url, alice.token, {
      roomId,
      filename: 'cat.png',
      mimeType: 'image/png',
      bytes: Buffer.from('<html><script>alert(1)</script></html>'),
    });
    expect(
      expectAckError(await sendWithAttachments(aliceSocket, roomId, [id], 'image'), 'bad_request'),
    ).toMatch(/attachmentIds: .* is not an image/);

    const message = await sendWithAttachmentsOk(aliceSocket, roomId, [id], 'file');
    const [attachment] = message.attachments ?? [];
    expect(attachment?.mimeType).toBe('application/octet-stream');
    expect(attachment).not.toHaveProperty('width');
    expect(attachment).not.toHaveProperty('thumbnailUrl');
    const file = await download(t.url, attachment?.url ?? '');
    expect(file.response.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.response.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('an SVG claimed as an image is never an image', async () => {
    const aliceSocket = await sockets.connect(alice);
    const id = await uploadFile(t.url, alice.token, {
      roomId,
      filename: 'logo.svg',
      mimeType: 'image/svg+xml',
      bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    });
    expectAckError(await sendWithAttachments(aliceSocket, roomId, [id], 'image'), 'bad_request');
    const message = await sendWithAttachmentsOk(aliceSocket, roomId, [id]);
    const file = await download(t.url, message.attachments?.[0]?.url ?? '');
    expect(file.response.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.response.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('oversize is refused when the URL is asked for and when the bytes are sent', async () => {
    const aliceSocket = await sockets.connect(alice);
    expectHttpError(
      await requestUpload(t.url, alice.token, {
        roomId,
        filename: 'huge.bin',
        mimeType: 'application/octet-stream',
        size: LIMITS.fileBytesMax + 1,
      }),
      413,
      'payload_too_large',
    );

    const { body } = await requestUpload(t.url, alice.token, {
      roomId,
      filename: 'small.bin',
      mimeType: 'application/octet-stream',
      size: 10,
    });
    const put = await putBytes(t.url, body, Buffer.alloc(20, 1));
    // The local driver counts bytes as they arrive; a real S3 refuses the signed Content-Length,
    // s3rver does not, so there the check before attaching is what refuses it.
    if (driver === 'local') expect(put.status).toBe(413);
    expectAckError(
      await sendWithAttachments(aliceSocket, roomId, [body.attachmentId]),
      'bad_request',
    );
  });

  it('path-traversal and script-laden file names are harmless', async () => {
    const aliceSocket = await sockets.connect(alice);
    const names = ['../../etc/passwd', '<script>alert(1)</script>.html', 'a\u202Egnp.exe\r\nX: y'];
    const ids = await Promise.all(
      names.map((filename) =>
        uploadFile(t.url, alice.token, {
          roomId,
          filename,
          mimeType: 'text/html',
          bytes: Buffer.from('<script>alert(document.cookie)</script>'),
        }),
      ),
    );
    const message = await sendWithAttachmentsOk(aliceSocket, roomId, ids);
    const filenames = message.attachments?.map((a) => a.filename);
    expect(filenames).toEqual(['_.._etc_passwd', '<script>alert(1)<_script>.html', 'agnp.exeX: y']);
    for (const attachment of message.attachments ?? []) {
      // Object keys are the server's ids, never the name.
      expect(new URL(attachment.url, t.url).pathname).not.toMatch(/passwd|script/);
      const file = await download(t.url, attachment.url);
      expect(file.response.status).toBe(200);
      expect(file.response.headers.get('content-type')).toBe('application/octet-stream');
      const disposition = file.response.headers.get('content-disposition') ?? '';
      expect(disposition).toMatch(/^attachment; filename="[^"/\\]*"; filename\*=UTF-8''/);
      expect(disposition).not.toMatch(/[<>\r\n]/);
    }
  });

  it('deleting a message makes its file URLs stop working and leaves no attachments', async () => {
    const aliceSocket = await sockets.connect(alice);
    const id = await uploadFile(t.url, alice.token, {
      roomId,
      filename: 'photo.png',
      mimeType: 'image/png',
      bytes: await pngBytes(50, 40),
    });
    const message = await sendWithAttachmentsOk(aliceSocket, roomId, [id], 'image');
    const [attachment] = message.attachments ?? [];
    expect((await download(t.url, attachment?.url ?? '')).response.status).toBe(200);

    ok(await request(aliceSocket, 'message:delete', { messageId: message.id }));
    expect((await download(t.url, attachment?.url ?? '')).response.status).toBe(404);
    expect((await download(t.url, attachment?.thumbnailUrl ?? '')).response.status).toBe(404);
    expect(await t.storage.size(objectKeys.original(id))).toBeUndefined();
    const tombstone: Message = await loadMessage(aliceSocket, roomId, message.id);
    expect(tombstone.deletedAt).toBeDefined();
    expect(tombstone).not.toHaveProperty('attachments');
  });

  it('an expired upload URL is refused', async () => {
    const short = await t.variant({ uploadUrlTtlMs: 1 });
    const [dave, erin] = (await registerUsers(short.url, ['dave', 'erin'])) as [TestUser, TestUser];
    const room = await createDirectRoom(short.url, dave.token, erin.user.id);
    const { body } = await requestUpload(short.url, dave.token, {
      roomId: room.id,
      filename: 'late.txt',
      mimeType: 'text/plain',
      size: 4,
    });
    // Expiry has a one-second resolution in both drivers.
    await waitMs(2100);
    expect((await putBytes(short.url, body, Buffer.from('late'))).status).toBe(403);
  });

  it('an expired read URL is refused', async () => {
    const short = await t.variant({ readUrlTtlMs: 1 });
    const [dave, erin] = (await registerUsers(short.url, ['dave', 'erin'])) as [TestUser, TestUser];
    const room = await createDirectRoom(short.url, dave.token, erin.user.id);
    const socket = await connectReady(short.url, dave.token);
    try {
      const id = await uploadFile(short.url, dave.token, {
        roomId: room.id,
        filename: 'soon.txt',
        mimeType: 'text/plain',
        bytes: Buffer.from('soon'),
      });
      const message = await sendWithAttachmentsOk(socket, room.id, [id]);
      await waitMs(2100);
      const file = await download(short.url, message.attachments?.[0]?.url ?? '');
      expect(file.response.status).toBe(403);
    } finally {
      socket.close();
    }
  });

  it('uploads never attached are deleted by the sweeper after their age', async () => {
    // The age is raised to the upload URL's lifetime (an upload is never swept while its URL works).
    const sweeping = await t.variant({
      unattachedMaxAgeMs: 1,
      uploadUrlTtlMs: 1500,
      sweepIntervalMs: 50,
    });
    const [dave, erin] = (await registerUsers(sweeping.url, ['dave', 'erin'])) as [
      TestUser,
      TestUser,
    ];
    const room = await createDirectRoom(sweeping.url, dave.token, erin.user.id);
    const id = await uploadFile(sweeping.url, dave.token, {
      roomId: room.id,
      filename: 'forgotten.txt',
      mimeType: 'text/plain',
      bytes: Buffer.from('forgotten'),
    });
    expect(await t.storage.size(objectKeys.original(id))).toBe(9);
    await eventually(async () => (await t.storage.size(objectKeys.original(id))) === undefined, {
      timeoutMs: 8000,
    });
    const socket = await connectReady(sweeping.url, dave.token);
    try {
      expect(
        expectAckError(await sendWithAttachments(socket, room.id, [id]), 'bad_request'),
      ).toMatch(/attachmentIds: no such upload/);
    } finally {
      socket.close();
    }
  });
});

describe('files on the local driver only', () => {
  let t: FileTestServer;
  let alice: TestUser;
  let bob: TestUser;
  let roomId: string;

  beforeAll(async () => {
    t = await startFileTestServer('local');
    [alice, bob] = (await registerUsers(t.url, ['alice', 'bob'])) as [TestUser, TestUser];
    roomId = (await createDirectRoom(t.url, alice.token, bob.user.id)).id;
  });
  afterAll(() => t.close());

  // s3rver checks expiry but not signatures, so this cannot run against it (docs/files.md).
  it('a tampered or missing signature is refused, for upload and read URLs', async () => {
    const { body } = await requestUpload(t.url, alice.token, {
      roomId,
      filename: 'a.txt',
      mimeType: 'text/plain',
      size: 2,
    });
    const url = new URL(body.uploadUrl, t.url);
    const sig = url.searchParams.get('sig') ?? '';
    url.searchParams.set('sig', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1));
    const tampered = await fetch(url, { method: 'PUT', headers: body.uploadHeaders, body: 'hi' });
    expect(tampered.status).toBe(403);
    // A signature for one size does not stretch to another.
    const bigger = await fetch(
      new URL(body.uploadUrl.replace(/expires=\d+/, 'expires=99999999999'), t.url),
      {
        method: 'PUT',
        headers: body.uploadHeaders,
        body: 'hi',
      },
    );
    expect(bigger.status).toBe(403);
    expect((await putBytes(t.url, body, Buffer.from('hi'))).status).toBe(204);

    const socket = await connectReady(t.url, alice.token);
    try {
      const message = await sendWithAttachmentsOk(socket, roomId, [body.attachmentId]);
      // Once checked and attached, the bytes are final: replacing them would skip the check.
      expect((await putBytes(t.url, body, Buffer.from('ho'))).status).toBe(409);
      const read = new URL(message.attachments?.[0]?.url ?? '', t.url);
      expect((await fetch(read)).status).toBe(200);
      const forged = new URL(read);
      forged.searchParams.set('sig', 'x'.repeat(43));
      expect((await fetch(forged)).status).toBe(403);
      const unsigned = new URL(read.pathname, t.url);
      expect((await fetch(unsigned)).status).toBe(400);
      // The thumbnail path of a file with another file's signature is not the same key.
      const other = new URL(`${read.pathname}/thumbnail${read.search}`, t.url);
      expect((await fetch(other)).status).toBe(403);
    } finally {
      socket.close();
    }
  });

  it('a streamed body without Content-Length is cut off at the declared size', async () => {
    const { body } = await requestUpload(t.url, alice.token, {
      roomId,
      filename: 'stream.bin',
      mimeType: 'application/octet-stream',
      size: 1000,
    });
    const chunks = [new Uint8Array(600), new Uint8Array(600)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(new URL(body.uploadUrl, t.url), {
      method: 'PUT',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await t.storage.size(body.attachmentId)).toBeUndefined();
    // Without a Content-Type header too, the exact size is accepted.
    const exact = await fetch(new URL(body.uploadUrl, t.url), {
      method: 'PUT',
      body: new Uint8Array(1000),
    });
    expect(exact.status).toBe(204);
  });

  it('serves files with nosniff and keeps them under the data dir with a 0600 signing key', async () => {
    const socket = await connectReady(t.url, alice.token);
    try {
      const id = await uploadFile(t.url, alice.token, {
        roomId,
        filename: '../../escape.txt',
        mimeType: 'text/plain',
        bytes: Buffer.from('inside'),
      });
      const message = await sendWithAttachmentsOk(socket, roomId, [id]);
      const file = await download(t.url, message.attachments?.[0]?.url ?? '');
      expect(file.response.headers.get('x-content-type-options')).toBe('nosniff');
      // Stored under its id inside the data dir, whatever the name said.
      expect((await stat(join(t.dataDir, 'files', id))).size).toBe(6);
      const key = await stat(join(t.dataDir, 'keys', 'upload-signing.key'));
      expect(key.mode & 0o777).toBe(0o600);
    } finally {
      socket.close();
    }
  });
});
