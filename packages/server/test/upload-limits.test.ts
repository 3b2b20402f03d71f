import { crc32, deflateSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_PIXELS_MAX } from '../src/files/file-inspector.js';
import { expectAckError, expectHttpError } from './helpers/authz-helpers.js';
import type { TestUser } from './helpers/clients.js';
import { createGroupRoom, registerUser } from './helpers/clients.js';
import type { FileDriver, FileTestServer } from './helpers/file-helpers.js';
import {
  FILE_DRIVERS,
  pngBytes,
  requestUpload,
  sendWithAttachments,
  sendWithAttachmentsOk,
  startFileTestServer,
  uploadFile,
} from './helpers/file-helpers.js';
import { socketPool } from './helpers/message-helpers.js';
import type { TestServer } from './helpers/test-server.js';

/** A PNG chunk: length, type, data, CRC of type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A decompression bomb: a valid, fully decodable 1-bit PNG of `side`² pixels, all black, that
 * deflate shrinks to a few kilobytes. Decoded, it is `side`² bytes (or four times that as RGBA).
 */
function pngBomb(side: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, no filter, no interlace
  // Each scanline: a filter-type byte, then one bit per pixel.
  const raw = Buffer.alloc(side * (1 + Math.ceil(side / 8)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe.each(FILE_DRIVERS)('upload limits on the %s driver', (driver: FileDriver) => {
  let t: FileTestServer;
  let quotaServer: TestServer;
  const sockets = socketPool(() => t.url);
  const quotaSockets = socketPool(() => quotaServer.url);
  let alice: TestUser;
  let roomId: string;

  beforeAll(async () => {
    t = await startFileTestServer(driver);
    quotaServer = await t.variant({ pendingBytesMaxPerUser: 1000 });
    alice = await registerUser(t.url, 'limits');
    roomId = (await createGroupRoom(t.url, alice.token, [])).id;
  });
  afterEach(() => {
    sockets.closeAll();
    quotaSockets.closeAll();
  });
  afterAll(() => t.close());

  it('a decompression bomb (a tiny PNG of more than IMAGE_PIXELS_MAX pixels) becomes a file, not an image', async () => {
    // 64 megapixels: over the limit, yet under sharp's own default, which would decode it.
    const side = 8000;
    expect(side * side).toBeGreaterThan(IMAGE_PIXELS_MAX);
    const bomb = pngBomb(side);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const socket = await sockets.connect(alice);
    const id = await uploadFile(t.url, alice.token, {
      roomId,
      filename: 'bomb.png',
      mimeType: 'image/png',
      bytes: bomb,
    });
    expect(
      expectAckError(await sendWithAttachments(socket, roomId, [id], 'image'), 'bad_request'),
    ).toMatch(/is not an image/);
    const message = await sendWithAttachmentsOk(socket, roomId, [id], 'file');
    const [attachment] = message.attachments ?? [];
    expect(attachment?.mimeType).toBe('image/png');
    expect(attachment).not.toHaveProperty('width');
    expect(attachment).not.toHaveProperty('thumbnailUrl');
  });

  it('an ordinary image under the pixel limit is still an image, read from storage', async () => {
    const socket = await sockets.connect(alice);
    const id = await uploadFile(t.url, alice.token, {
      roomId,
      filename: 'photo.png',
      mimeType: 'image/png',
      bytes: await pngBytes(1200, 800),
    });
    const message = await sendWithAttachmentsOk(socket, roomId, [id], 'image');
    expect(message.attachments?.[0]).toMatchObject({ width: 1200, height: 800 });
  });

  it('the bytes of a user’s unattached uploads are capped: 413 naming size, freed by sending', async () => {
    const user = await registerUser(quotaServer.url, 'quota');
    const room = (await createGroupRoom(quotaServer.url, user.token, [])).id;
    const file = { roomId: room, filename: 'a.bin', mimeType: 'application/octet-stream' };
    const first = await uploadFile(quotaServer.url, user.token, {
      ...file,
      bytes: Buffer.alloc(600, 1),
    });
    const refused = await requestUpload(quotaServer.url, user.token, { ...file, size: 600 });
    expect(expectHttpError(refused, 413, 'payload_too_large')).toMatch(/^size: 600 bytes/);

    const socket = await quotaSockets.connect(user);
    await sendWithAttachmentsOk(socket, room, [first], 'file');
    expect((await requestUpload(quotaServer.url, user.token, { ...file, size: 600 })).status).toBe(
      201,
    );
  });
});
