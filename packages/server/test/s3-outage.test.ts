import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from './helpers/clients.js';
import { createDirectRoom, newClientId, ok, request } from './helpers/clients.js';
import { uploadFile } from './helpers/file-helpers.js';
import { loadAll, registerUsers, socketPool } from './helpers/message-helpers.js';
import { startS3Server } from './helpers/s3-server.js';
import type { TcpProxy } from './helpers/tcp-proxy.js';
import { startTcpProxy } from './helpers/tcp-proxy.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

/**
 * The S3 store unreachable while a message names an upload (the server reads the object to check
 * and inspect it before storing the message): a clear retriable refusal, nothing stored, and the
 * same send stored once when the store is back, without a restart.
 */
describe('the S3 store failing during a send with files', () => {
  let s3: Awaited<ReturnType<typeof startS3Server>>;
  let proxy: TcpProxy;
  let t: TestServer;
  const sockets = socketPool(() => t.url);
  let alice: TestUser;
  let roomId: string;

  beforeAll(async () => {
    s3 = await startS3Server();
    proxy = await startTcpProxy(s3.config.endpoint ?? '');
    t = await startTestServer({
      files: {
        // A short timeout, so that the black hole's refusal comes quickly (5 s by default).
        s3: { ...s3.config, endpoint: proxy.url, timeoutMs: 500 },
      },
    });
    const [a, b] = (await registerUsers(t.url, ['alice', 'bob'])) as [TestUser, TestUser];
    alice = a;
    roomId = (await createDirectRoom(t.url, a.token, b.user.id)).id;
  });
  afterAll(async () => {
    sockets.closeAll();
    await t.close();
    await proxy.close();
    await s3.close();
  });

  /** A file uploaded while the store is up, and the send naming it (not sent yet). */
  async function fileSend(text: string) {
    const attachmentId = await uploadFile(t.url, alice.token, {
      roomId,
      filename: 'notes.txt',
      mimeType: 'text/plain',
      bytes: new TextEncoder().encode(text),
    });
    const send = {
      roomId,
      clientId: newClientId(),
      type: 'file' as const,
      content: '',
      attachmentIds: [attachmentId],
    };
    return { attachmentId, send, socket: await sockets.connect(alice) };
  }

  it('is refused unavailable with retryAfterMs, stores nothing, and the resend is stored once', async () => {
    const { attachmentId, send, socket } = await fileSend('kept through the outage');

    proxy.cut();
    const refused = await request(socket, 'message:send', send);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: 'the file store is unavailable; try again shortly' },
    });
    expect(refused.ok === false && refused.error.retryAfterMs).toBeGreaterThan(0);
    expect((await loadAll(socket, roomId)).messages).toEqual([]);

    proxy.heal();
    const stored = ok(await request(socket, 'message:send', send)).message;
    expect(stored).toMatchObject({ clientId: send.clientId, attachments: [{ id: attachmentId }] });
    expect((await loadAll(socket, roomId)).messages.map((m) => m.id)).toEqual([stored.id]);
  });

  it('black-holed: refused unavailable once its timeout is up, not held for ever', async () => {
    const { send, socket } = await fileSend('sent into the dark');

    proxy.freeze();
    const refused = await request(socket, 'message:send', send, 30_000);
    proxy.thaw();
    expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect((await loadAll(socket, roomId)).messages.map((m) => m.clientId)).not.toContain(
      send.clientId,
    );
    expect(ok(await request(socket, 'message:send', send)).message.clientId).toBe(send.clientId);
  });
});
