import { LIMITS } from '@natter/protocol';
import type { Message, MessageSendPayload } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { message, reduce, storeWithRoom } from '../../test/helpers/fixtures.js';
import { NatterError } from '../natter-error.js';
import { applyEvent } from '../store/apply-event.js';
import { selectTimeline } from '../store/selectors.js';
import type { ChatState, PendingMessage } from '../store/state.js';
import { FILE_TOO_LARGE_MESSAGE, Outbox } from './outbox.js';
import type { UploadInput } from './outbox.js';

const ROOM = 'r1';

interface Deferred<T> {
  resolve(value: T): void;
  reject(error: NatterError): void;
}
type Upload = UploadInput & Deferred<string>;
type Send = { payload: MessageSendPayload } & Deferred<{ message: Message }>;

/** A file of `size` bytes without allocating them. */
function file(name: string, type: string, size = 10): File {
  const f = new File(['x'], name, { type });
  Object.defineProperty(f, 'size', { value: size });
  return f;
}

function setup() {
  const store = storeWithRoom(ROOM);
  const uploads: Upload[] = [];
  const sends: Send[] = [];
  const revoked: string[] = [];
  let online = true;
  let ids = 0;
  const outbox = new Outbox({
    store,
    transmit: (payload) =>
      new Promise((resolve, reject) => sends.push({ payload, resolve, reject })),
    upload: (input) =>
      new Promise((resolve, reject) => uploads.push({ ...input, resolve, reject })),
    createPreviewUrl: (f) => `blob:${(f as File).name}`,
    revokePreviewUrl: (url) => revoked.push(url),
    canSend: () => online,
    newClientId: () => `c${++ids}`,
    now: () => 0,
  });
  const timeline = () => selectTimeline(store.getState(), ROOM);
  const stored = (send: Send): Message =>
    message({
      id: `m-${send.payload.clientId}`,
      roomId: ROOM,
      seq: 1,
      senderId: 'me',
      clientId: send.payload.clientId,
      content: send.payload.content,
      type: send.payload.type,
    });
  const setOnline = (value: boolean) => {
    online = value;
  };
  return { store, outbox, uploads, sends, revoked, timeline, stored, setOnline };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Outbox: files', () => {
  it('shows the message at once with previews and progress, uploads, then sends the ids', async () => {
    const { outbox, uploads, sends, revoked, timeline, stored } = setup();
    const clientId = outbox.sendFiles(
      ROOM,
      [file('cat.png', 'image/png'), file('doc.pdf', 'application/pdf')],
      { content: 'look' },
    );
    expect(timeline()).toMatchObject([
      {
        clientId,
        status: 'sending',
        type: 'file',
        content: 'look',
        uploads: [
          { filename: 'cat.png', previewUrl: 'blob:cat.png', progress: 0 },
          { filename: 'doc.pdf', mimeType: 'application/pdf', progress: 0 },
        ],
      },
    ]);
    expect(timeline()[0]?.uploads?.[1]).not.toHaveProperty('previewUrl');
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({ roomId: ROOM, filename: 'cat.png', size: 10 });
    uploads[0]!.onProgress(0.5);
    expect(timeline()[0]?.uploads?.[0]?.progress).toBe(0.5);
    uploads[0]!.resolve('a1');
    await tick();
    expect(timeline()[0]?.uploads?.[0]).toMatchObject({ progress: 1, attachmentId: 'a1' });
    uploads[1]!.resolve('a2');
    await tick();
    expect(sends.map((s) => s.payload)).toEqual([
      { roomId: ROOM, clientId, type: 'file', content: 'look', attachmentIds: ['a1', 'a2'] },
    ]);
    sends[0]!.resolve({ message: stored(sends[0]!) });
    await tick();
    expect(timeline()).toMatchObject([{ id: `m-${clientId}`, status: 'sent' }]);
    expect(revoked).toEqual(['blob:cat.png']);
  });

  it('calls a message of images only an image message', () => {
    const { outbox, timeline } = setup();
    outbox.sendFiles(ROOM, [file('a.png', 'image/png')]);
    expect(timeline()[0]).toMatchObject({ type: 'image', content: '' });
  });

  it('refuses a file over the limit before uploading anything', async () => {
    const { outbox, uploads, timeline } = setup();
    const clientId = outbox.sendFiles(ROOM, [
      file('big.mov', 'video/quicktime', LIMITS.fileBytesMax + 1),
    ]);
    await tick();
    expect(uploads).toHaveLength(0);
    expect(timeline()[0]).toMatchObject({
      status: 'failed',
      error: { code: 'payload_too_large', message: FILE_TOO_LARGE_MESSAGE },
    });
    outbox.retry(clientId);
    await tick();
    expect(uploads).toHaveLength(0);
    expect(timeline()[0]?.status).toBe('failed');
  });

  it('marks a refused upload failed, and a retry uploads again', async () => {
    const { outbox, uploads, timeline } = setup();
    const clientId = outbox.sendFiles(ROOM, [file('a.png', 'image/png')]);
    uploads[0]!.reject(new NatterError('payload_too_large', 'too big', { status: 413 }));
    await tick();
    expect(timeline()[0]).toMatchObject({ status: 'failed', error: { code: 'payload_too_large' } });
    outbox.retry(clientId);
    expect(uploads).toHaveLength(2);
  });

  it('does not upload again when resending after a lost connection, nor duplicate the message', async () => {
    const { outbox, uploads, sends, timeline, setOnline } = setup();
    const clientId = outbox.sendFiles(ROOM, [file('a.png', 'image/png')]);
    uploads[0]!.resolve('a1');
    await tick();
    setOnline(false);
    sends[0]!.reject(new NatterError('disconnected', 'lost'));
    await tick();
    expect(timeline()[0]?.status).toBe('sending');
    setOnline(true);
    outbox.flush();
    await tick();
    expect(uploads).toHaveLength(1);
    expect(sends.map((s) => [s.payload.clientId, s.payload.attachmentIds])).toEqual([
      [clientId, ['a1']],
      [clientId, ['a1']],
    ]);
  });

  it('retries an upload that failed on the network after the next reconnect', async () => {
    const { outbox, uploads, timeline } = setup();
    outbox.sendFiles(ROOM, [file('a.png', 'image/png')]);
    uploads[0]!.reject(new NatterError('network', 'offline'));
    await tick();
    expect(timeline()[0]).toMatchObject({ status: 'failed', error: { code: 'network' } });
    outbox.flush();
    expect(uploads).toHaveLength(2);
  });

  it('cancels an upload: aborts it, drops the message and its preview, sends nothing', async () => {
    const { store, outbox, uploads, sends, revoked } = setup();
    const clientId = outbox.sendFiles(ROOM, [file('a.png', 'image/png')]);
    outbox.cancelUpload(clientId);
    expect(uploads[0]!.signal.aborted).toBe(true);
    expect(store.getState().outbox).toEqual({});
    expect(revoked).toEqual(['blob:a.png']);
    uploads[0]!.reject(new NatterError('network', 'upload cancelled'));
    await tick();
    expect(sends).toHaveLength(0);
    expect(store.getState().outbox).toEqual({});
  });
});

describe('outbox reducer: uploads', () => {
  const pending: PendingMessage = {
    clientId: 'c1',
    roomId: ROOM,
    senderId: 'me',
    type: 'image',
    content: '',
    createdAt: '2025-01-01T00:00:00.000Z',
    status: 'sending',
    uploads: [{ filename: 'a.png', mimeType: 'image/png', size: 3, progress: 0 }],
  };
  const base = reduce([{ type: 'outbox/queued', message: pending }]);
  const upload = (state: ChatState) => state.outbox[ROOM]?.[0]?.uploads?.[0];

  it('moves progress forward only, clamped to 0..1', () => {
    const half = applyEvent(base, {
      type: 'outbox/upload-progress',
      clientId: 'c1',
      index: 0,
      progress: 0.5,
    });
    expect(upload(half)?.progress).toBe(0.5);
    const back = applyEvent(half, {
      type: 'outbox/upload-progress',
      clientId: 'c1',
      index: 0,
      progress: 0.2,
    });
    expect(back).toBe(half);
    const over = applyEvent(half, {
      type: 'outbox/upload-progress',
      clientId: 'c1',
      index: 0,
      progress: 7,
    });
    expect(upload(over)?.progress).toBe(1);
  });

  it('records the attachmentId, and ignores unknown messages and files', () => {
    const done = applyEvent(base, {
      type: 'outbox/uploaded',
      clientId: 'c1',
      index: 0,
      attachmentId: 'a1',
    });
    expect(upload(done)).toMatchObject({ attachmentId: 'a1', progress: 1 });
    expect(upload(base)).not.toHaveProperty('attachmentId');
    const event = { type: 'outbox/uploaded', clientId: 'c1', index: 3, attachmentId: 'x' } as const;
    expect(applyEvent(base, event)).toBe(base);
    expect(applyEvent(base, { ...event, clientId: 'nope' })).toBe(base);
  });

  it('keeps the uploads when a failed message is retried', () => {
    const done = reduce([
      { type: 'outbox/queued', message: pending },
      { type: 'outbox/uploaded', clientId: 'c1', index: 0, attachmentId: 'a1' },
      { type: 'outbox/failed', clientId: 'c1', error: new NatterError('timeout', 'slow') },
      { type: 'outbox/retried', clientId: 'c1' },
    ]);
    expect(done.outbox[ROOM]?.[0]).toMatchObject({
      status: 'sending',
      uploads: [{ attachmentId: 'a1' }],
    });
  });
});
