import type { Message, MessageSendPayload } from '@natter/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { message, serverEvent, storeWithRoom } from '../../test/helpers/fixtures.js';
import { NatterError } from '../natter-error.js';
import { selectTimeline } from '../store/selectors.js';
import { Outbox } from './outbox.js';

const ROOM = 'r1';

interface Call {
  payload: MessageSendPayload;
  resolve(message: Message): void;
  reject(error: NatterError): void;
}

/** An outbox over a real store, with a transport whose answers the test gives by hand. */
function setup() {
  const store = storeWithRoom(ROOM);
  const calls: Call[] = [];
  let online = true;
  let ids = 0;
  let seq = 0;
  const outbox = new Outbox({
    store,
    transmit: (payload) =>
      new Promise((resolve, reject) => {
        calls.push({ payload, resolve: (m) => resolve({ message: m }), reject });
      }),
    canSend: () => online,
    newClientId: () => `c${++ids}`,
    now: () => 0,
  });
  /** The message the server would store for a call. */
  const stored = (call: Call): Message =>
    message({
      id: `m-${call.payload.clientId}`,
      roomId: call.payload.roomId,
      seq: ++seq,
      senderId: 'me',
      clientId: call.payload.clientId,
      content: call.payload.content,
    });
  const timeline = () => selectTimeline(store.getState(), ROOM);
  const setOnline = (value: boolean) => {
    online = value;
  };
  return { store, outbox, calls, stored, timeline, setOnline };
}

/** Lets the outbox's awaits run. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('Outbox', () => {
  it('shows a message as sending at once, then sent with the id and seq of the ack', async () => {
    const { outbox, calls, stored, timeline } = setup();
    const clientId = outbox.send(ROOM, 'hello', { replyTo: 'm0' });
    expect(timeline()).toMatchObject([{ clientId, content: 'hello', status: 'sending' }]);
    expect(calls.map((c) => c.payload)).toEqual([
      { roomId: ROOM, clientId, type: 'text', content: 'hello', replyTo: 'm0' },
    ]);
    calls[0]!.resolve(stored(calls[0]!));
    await tick();
    expect(timeline()).toMatchObject([{ id: `m-${clientId}`, seq: 1, status: 'sent' }]);
  });

  it('sends one message at a time per room, in order', async () => {
    const { outbox, calls, stored, timeline } = setup();
    outbox.send(ROOM, 'one');
    outbox.send(ROOM, 'two');
    expect(calls).toHaveLength(1);
    calls[0]!.resolve(stored(calls[0]!));
    await tick();
    expect(calls.map((c) => c.payload.content)).toEqual(['one', 'two']);
    calls[1]!.resolve(stored(calls[1]!));
    await tick();
    expect(timeline().map((m) => [m.content, m.seq])).toEqual([
      ['one', 1],
      ['two', 2],
    ]);
  });

  it('queues while offline and sends after flush', async () => {
    const { outbox, calls, timeline, setOnline } = setup();
    setOnline(false);
    outbox.send(ROOM, 'later');
    await tick();
    expect(calls).toHaveLength(0);
    expect(timeline()[0]?.status).toBe('sending');
    setOnline(true);
    outbox.flush();
    expect(calls).toHaveLength(1);
  });

  it('keeps a message whose connection dropped as sending, and resends it with the same clientId', async () => {
    const { outbox, calls, timeline, setOnline } = setup();
    const clientId = outbox.send(ROOM, 'hello');
    setOnline(false);
    calls[0]!.reject(new NatterError('disconnected', 'lost'));
    await tick();
    expect(timeline()[0]?.status).toBe('sending');
    setOnline(true);
    outbox.flush();
    expect(calls.map((c) => c.payload.clientId)).toEqual([clientId, clientId]);
  });

  it('does not resend a message the sync confirmed while offline', async () => {
    const { store, outbox, calls, stored, setOnline } = setup();
    outbox.send(ROOM, 'hello');
    setOnline(false);
    calls[0]!.reject(new NatterError('disconnected', 'lost'));
    await tick();
    store.dispatch({
      type: 'sync/applied',
      afterSeq: 0,
      result: {
        roomId: ROOM,
        messages: [stored(calls[0]!)],
        changes: [],
        hasMore: false,
        changesCursor: '0',
        receipts: [],
      },
    });
    setOnline(true);
    outbox.flush();
    expect(calls).toHaveLength(1);
  });

  it('marks a refused message failed, never retries it by itself, and retries it on demand', async () => {
    const { outbox, calls, stored, timeline } = setup();
    const clientId = outbox.send(ROOM, 'x');
    calls[0]!.reject(new NatterError('bad_request', 'content: too long'));
    await tick();
    expect(timeline()[0]).toMatchObject({ status: 'failed', error: { code: 'bad_request' } });
    outbox.flush();
    await tick();
    expect(calls).toHaveLength(1);
    outbox.retry(clientId);
    expect(timeline()[0]?.status).toBe('sending');
    expect(calls[1]?.payload.clientId).toBe(clientId);
    calls[1]!.resolve(stored(calls[1]!));
    await tick();
    expect(timeline()).toMatchObject([{ status: 'sent' }]);
  });

  it('marks a timed-out message failed and resends it after the next reconnect', async () => {
    const { outbox, calls, timeline } = setup();
    const clientId = outbox.send(ROOM, 'x');
    calls[0]!.reject(new NatterError('timeout', 'no answer'));
    await tick();
    expect(timeline()[0]).toMatchObject({ status: 'failed', error: { code: 'timeout' } });
    outbox.flush();
    expect(timeline()[0]?.status).toBe('sending');
    expect(calls[1]?.payload.clientId).toBe(clientId);
  });

  it('resends a timed-out message by itself while the connection stays up, with its clientId', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { outbox, calls, stored, timeline } = setup();
    const clientId = outbox.send(ROOM, 'x');
    calls[0]!.reject(new NatterError('timeout', 'no answer'));
    await vi.advanceTimersByTimeAsync(0);
    expect(timeline()[0]).toMatchObject({ status: 'failed', error: { code: 'timeout' } });
    // A second, and half of it again: the jitter.
    await vi.advanceTimersByTimeAsync(1_499);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls[1]?.payload.clientId).toBe(clientId);
    calls[1]!.resolve(stored(calls[1]!));
    await vi.advanceTimersByTimeAsync(0);
    expect(timeline()).toMatchObject([{ status: 'sent', clientId }]);
  });

  it.each(['rate_limited', 'unavailable'] as const)(
    'retries a %s message with the same clientId once the server allows it, plus jitter',
    async (code) => {
      vi.useFakeTimers();
      // Half of retryAfterMs again: the jitter that keeps a node's clients from resending at once.
      vi.spyOn(Math, 'random').mockReturnValue(0.5);
      const { outbox, calls, timeline } = setup();
      outbox.send(ROOM, 'x');
      calls[0]!.reject(new NatterError(code, 'later', { retryAfterMs: 2_000 }));
      await vi.advanceTimersByTimeAsync(0);
      expect(timeline()[0]).toMatchObject({ status: 'failed', error: { retryAfterMs: 2_000 } });
      await vi.advanceTimersByTimeAsync(2_999);
      expect(calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls).toHaveLength(2);
      expect(calls[1]?.payload.clientId).toBe(calls[0]?.payload.clientId);
      expect(timeline()[0]?.status).toBe('sending');
    },
  );

  it('does not mark failed a message that its echo confirmed before the ack was lost', async () => {
    const { store, outbox, calls, stored, timeline } = setup();
    outbox.send(ROOM, 'x');
    store.dispatch(serverEvent('message:new', stored(calls[0]!)));
    calls[0]!.reject(new NatterError('timeout', 'no answer'));
    await tick();
    expect(timeline()).toMatchObject([{ status: 'sent' }]);
  });

  it('continues with the next message after one fails', async () => {
    const { outbox, calls } = setup();
    outbox.send(ROOM, 'bad');
    outbox.send(ROOM, 'good');
    calls[0]!.reject(new NatterError('bad_request', 'no'));
    await tick();
    expect(calls.map((c) => c.payload.content)).toEqual(['bad', 'good']);
  });

  it('discards a pending message', async () => {
    const { outbox, calls, store, setOnline } = setup();
    setOnline(false);
    const clientId = outbox.send(ROOM, 'oops');
    outbox.discard(clientId);
    setOnline(true);
    outbox.flush();
    await tick();
    expect(calls).toHaveLength(0);
    expect(store.getState().outbox).toEqual({});
  });
});
