import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDirectRoom, nextEvent } from './helpers/clients.js';
import type { FileTestServer } from './helpers/file-helpers.js';
import {
  pngBytes,
  sendWithAttachmentsOk,
  startFileTestServer,
  uploadFile,
} from './helpers/file-helpers.js';
import { registerUsers, socketPool } from './helpers/message-helpers.js';

/** PROTOCOL.md: each attachment carries the seed's `{ id, type, url, name, size, mimeType }`. */
describe('attachments on the wire', () => {
  let t: FileTestServer;
  const sockets = socketPool(() => t.url);
  beforeAll(async () => {
    t = await startFileTestServer('local');
  });
  afterEach(() => sockets.closeAll());
  afterAll(() => t.close());

  it('a raw socket.io client receives id, type, url, name, size and mimeType for an image and a file', async () => {
    const [alice, bob] = await registerUsers(t.url, ['alice', 'bob']);
    const roomId = (await createDirectRoom(t.url, alice!.token, bob!.user.id)).id;
    const png = await pngBytes(64, 48);
    const text = new TextEncoder().encode('minutes of the meeting');
    const imageId = await uploadFile(t.url, alice!.token, {
      roomId,
      filename: 'holiday.png',
      mimeType: 'image/png',
      bytes: png,
    });
    const fileId = await uploadFile(t.url, alice!.token, {
      roomId,
      filename: 'minutes.txt',
      mimeType: 'text/plain',
      bytes: text,
    });
    const b = await sockets.connect(bob!);
    const a = await sockets.connect(alice!);

    const received = nextEvent(b, 'message:new', (m) => m.roomId === roomId);
    await sendWithAttachmentsOk(a, roomId, [imageId, fileId], 'file');
    const { attachments } = await received;
    expect(attachments).toEqual([
      expect.objectContaining({
        id: imageId,
        type: 'image',
        url: expect.any(String),
        name: 'holiday.png',
        size: png.length,
        mimeType: 'image/png',
      }),
      expect.objectContaining({
        id: fileId,
        type: 'file',
        url: expect.any(String),
        name: 'minutes.txt',
        size: text.length,
        mimeType: 'text/plain',
      }),
    ]);
  });
});
