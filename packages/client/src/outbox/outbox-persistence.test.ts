import type { Message, MessageSendPayload } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { message, storeWithRoom } from '../../test/helpers/fixtures.js';
import { NatterError } from '../natter-error.js';
import { selectTimeline } from '../store/selectors.js';
import { createMemoryOutboxStore } from './memory-outbox-store.js';
import { Outbox } from './outbox.js';
import { OutboxPersistence } from './outbox-persistence.js';
import type { OutboxStore } from './outbox-store.js';

const ROOM = 'r1';

interface Call {
  payload: MessageSendPayload;
  resolve(message: Message): void;
  reject(error: NatterError): void;
}

let ids = 0;
let clock = 1_000;

/**
 * One session of the app (a tab): a store, an outbox and its persistence over `outboxStore`,
 * with a transport whose answers the test gives by hand. A new session over the same store is a
 * reopened tab.
 */
function session(outboxStore: OutboxStore, options: { online?: boolean } = {}) {
  const store = storeWithRoom(ROOM);
  const calls: Call[] = [];
  const errors: NatterError[] = [];
  let online = options.online ?? false;
  const outbox: Outbox = new Outbox({
    store,
    transmit: (payload) =>
      new Promise((resolve, reject) => {
        calls.push({ payload, resolve: (m) => resolve({ message: m }), reject });
      }),
    canSend: () => online && persistence.restored,
    newClientId: () => `c${++ids}`,
    now: () => ++clock,
    upload: () => Promise.reject(new NatterError('network', 'no uploads here')),
  });
  const persistence: OutboxPersistence = new OutboxPersistence({
    store,
    outboxStore,
    outbox,
    now: () => ++clock,
    onRestored: () => outbox.flush(),
    report: (error) => errors.push(error),
  });
  const stored = (call: Call, seq: number): Message =>
    message({
      id: `m-${call.payload.clientId}`,
      roomId: ROOM,
      seq,
      senderId: 'me',
      clientId: call.payload.clientId,
      content: call.payload.content,
    });
  return {
    store,
    outbox,
    persistence,
    calls,
    errors,
    stored,
    timeline: () => selectTimeline(store.getState(), ROOM),
    goOnline() {
      online = true;
      outbox.flush();
    },
    close() {
      outbox.dispose();
      persistence.dispose();
    },
  };
}

/** Lets the store's promises and the outbox's awaits run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** What the store holds (the memory store's claim takes nothing away). */
const saved = async (outboxStore: OutboxStore) =>
  (await outboxStore.claim('me')).map((m) => [m.content, m.status]);

describe('OutboxPersistence', () => {
  it('restores the messages queued offline in a closed session, with their clientIds, and sends them in order exactly once', async () => {
    const outboxStore = createMemoryOutboxStore();
    const first = session(outboxStore);
    await settle();
    const queued = ['one', 'two', 'three'].map((text) => first.outbox.send(ROOM, text));
    await settle();
    first.close();

    const second = session(outboxStore);
    await settle();
    expect(second.timeline().map((m) => [m.clientId, m.content, m.status])).toEqual([
      [queued[0], 'one', 'sending'],
      [queued[1], 'two', 'sending'],
      [queued[2], 'three', 'sending'],
    ]);
    expect(second.calls).toHaveLength(0);

    second.goOnline();
    for (let i = 0; i < 3; i++) {
      expect(second.calls).toHaveLength(i + 1);
      second.calls[i]!.resolve(second.stored(second.calls[i]!, i + 1));
      await settle();
    }
    expect(second.calls.map((c) => [c.payload.clientId, c.payload.content])).toEqual([
      [queued[0], 'one'],
      [queued[1], 'two'],
      [queued[2], 'three'],
    ]);
    expect(second.timeline().map((m) => [m.seq, m.status])).toEqual([
      [1, 'sent'],
      [2, 'sent'],
      [3, 'sent'],
    ]);
    await settle();
    expect(await saved(outboxStore)).toEqual([]);
    expect(second.errors).toEqual([]);
  });

  it('brings a refused message back as failed, sends it only when retried, with the same clientId', async () => {
    const outboxStore = createMemoryOutboxStore();
    const first = session(outboxStore, { online: true });
    await settle();
    const clientId = first.outbox.send(ROOM, 'refused');
    first.calls[0]!.reject(new NatterError('bad_request', 'content: too long'));
    await settle();
    first.close();

    const second = session(outboxStore);
    await settle();
    second.goOnline();
    await settle();
    expect(second.timeline()).toMatchObject([
      { clientId, status: 'failed', error: { code: 'bad_request', message: 'content: too long' } },
    ]);
    expect(second.timeline()[0]?.error).toBeInstanceOf(NatterError);
    expect(second.calls).toHaveLength(0);

    second.outbox.retry(clientId);
    expect(second.calls.map((c) => c.payload.clientId)).toEqual([clientId]);
    await settle();
    expect(await saved(outboxStore)).toEqual([['refused', 'sending']]);
  });

  it('sends a message typed before the restore finished after the restored ones', async () => {
    const outboxStore = createMemoryOutboxStore();
    const first = session(outboxStore);
    await settle();
    first.outbox.send(ROOM, 'older');
    await settle();
    first.close();

    const second = session(outboxStore, { online: true });
    // The store answers on a later tick: this one is queued before the restore.
    second.outbox.send(ROOM, 'newer');
    expect(second.calls).toHaveLength(0);
    await settle();
    expect(second.timeline().map((m) => m.content)).toEqual(['older', 'newer']);
    expect(second.calls.map((c) => c.payload.content)).toEqual(['older']);
    second.calls[0]!.resolve(second.stored(second.calls[0]!, 1));
    await settle();
    expect(second.calls.map((c) => c.payload.content)).toEqual(['older', 'newer']);
  });

  it('drops a restored message that the server already confirmed', async () => {
    const outboxStore = createMemoryOutboxStore();
    const first = session(outboxStore);
    await settle();
    const clientId = first.outbox.send(ROOM, 'acked, ack lost');
    await settle();
    first.close();

    const second = session(outboxStore);
    // A sync that ran before the saved outbox was read brought the stored copy.
    second.store.dispatch({
      type: 'sync/applied',
      afterSeq: 0,
      result: {
        roomId: ROOM,
        messages: [
          message({ id: 'm1', roomId: ROOM, seq: 1, senderId: 'me', clientId, content: 'x' }),
        ],
        changes: [],
        hasMore: false,
        changesCursor: '0',
        receipts: [],
      },
    });
    await settle();
    second.goOnline();
    await settle();
    expect(second.timeline()).toMatchObject([{ id: 'm1', status: 'sent' }]);
    expect(second.calls).toHaveLength(0);
    expect(await saved(outboxStore)).toEqual([]);
  });

  it('keeps the files of a file message, and an uploaded file is not uploaded again', async () => {
    const outboxStore = createMemoryOutboxStore();
    const first = session(outboxStore);
    await settle();
    const png = new File(['png'], 'cat.png', { type: 'image/png' });
    const pdf = new File(['pdf'], 'doc.pdf', { type: 'application/pdf' });
    const clientId = first.outbox.sendFiles(ROOM, [png, pdf], { content: 'look' });
    first.store.dispatch({ type: 'outbox/uploaded', clientId, index: 0, attachmentId: 'a1' });
    await settle();
    first.close();

    const [claimed] = await outboxStore.claim('me');
    expect(claimed).toMatchObject({
      clientId,
      content: 'look',
      uploads: [
        { filename: 'cat.png', attachmentId: 'a1' },
        { filename: 'doc.pdf', mimeType: 'application/pdf', size: 3 },
      ],
    });
    expect(await Promise.all(claimed!.files!.map((f) => f.text()))).toEqual(['png', 'pdf']);

    const second = session(outboxStore);
    await settle();
    expect(second.timeline()[0]?.uploads).toMatchObject([
      { attachmentId: 'a1', progress: 1 },
      { filename: 'doc.pdf', progress: 0 },
    ]);
    expect(second.outbox.filesOf(clientId)).toHaveLength(2);
  });

  it('saves a failure and a retry, but not every step of upload progress', async () => {
    const writes: string[] = [];
    const memory = createMemoryOutboxStore();
    const counting: OutboxStore = {
      ...memory,
      save(userId, saved, files) {
        writes.push(saved.status);
        return memory.save(userId, saved, files);
      },
    };
    const one = session(counting, { online: true });
    await settle();
    const clientId = one.outbox.sendFiles(ROOM, [new File(['x'], 'a.txt')]);
    for (const progress of [0.2, 0.5, 0.9]) {
      one.store.dispatch({ type: 'outbox/upload-progress', clientId, index: 0, progress });
    }
    await settle();
    expect(writes).toEqual(['sending', 'failed']);
  });

  it('clears the saved outbox after the writes under way', async () => {
    const outboxStore = createMemoryOutboxStore();
    const one = session(outboxStore);
    await settle();
    one.outbox.send(ROOM, 'private');
    one.outbox.discard(one.timeline()[0]!.clientId!);
    one.outbox.send(ROOM, 'also private');
    await one.persistence.clear();
    expect(await outboxStore.claim('me')).toEqual([]);
  });

  it('sends what a tab that closed meanwhile left, once the store says it may be claimed', async () => {
    const memory = createMemoryOutboxStore();
    let tabClosed: (() => void) | undefined;
    const watched: OutboxStore = {
      ...memory,
      watch(_userId, listener) {
        tabClosed = listener;
        return () => undefined;
      },
    };
    const open = session(watched, { online: true });
    await settle();
    const other = session(memory);
    await settle();
    const left = other.outbox.send(ROOM, 'typed in the other tab');
    await settle();
    other.close();
    expect(open.calls).toHaveLength(0);

    tabClosed!();
    await settle();
    expect(open.calls.map((c) => c.payload.clientId)).toEqual([left]);
    expect(open.timeline().map((m) => m.content)).toEqual(['typed in the other tab']);
  });

  it('reports a store that cannot be read, and sends anyway', async () => {
    const broken: OutboxStore = {
      ...createMemoryOutboxStore(),
      claim: () => Promise.reject(new Error('IndexedDB is disabled')),
    };
    const one = session(broken, { online: true });
    one.outbox.send(ROOM, 'still goes');
    await settle();
    expect(one.errors.map((e) => e.message)).toEqual(['IndexedDB is disabled']);
    expect(one.calls.map((c) => c.payload.content)).toEqual(['still goes']);
  });
});
