import { afterEach, describe, expect, it, vi } from 'vitest';
import { NatterError } from '../natter-error.js';
import type { ServerEventAction } from '../store/actions.js';
import type * as LoadWireSchemas from './load-wire-schemas.js';
import { forwardServerEvents } from './server-events.js';
import type { NatterSocket } from './socket-connection.js';

/** How many of the next schema loads fail, as when the chunk cannot be fetched. */
const loads = vi.hoisted(() => ({ failing: 0, calls: 0 }));

vi.mock('./load-wire-schemas.js', async (importOriginal) => {
  const real = await importOriginal<typeof LoadWireSchemas>();
  return {
    loadWireSchemas: () => {
      loads.calls += 1;
      if (loads.failing > 0) {
        loads.failing -= 1;
        return Promise.reject(new NatterError('network', 'could not load the protocol schemas'));
      }
      return real.loadWireSchemas();
    },
  };
});

afterEach(() => {
  loads.failing = 0;
  loads.calls = 0;
});

/** A socket that delivers whatever a test emits to its catch-all listener, as socket.io does. */
function fakeSocket() {
  let listener: ((event: string, raw: unknown) => void) | undefined;
  const socket = {
    onAny: (l: (event: string, raw: unknown) => void) => (listener = l),
  } as unknown as NatterSocket;
  return { socket, emit: (event: string, raw: unknown) => listener?.(event, raw) };
}

function forwarded() {
  const { socket, emit } = fakeSocket();
  const events: ServerEventAction[] = [];
  const invalid: NatterError[] = [];
  forwardServerEvents(
    socket,
    (action) => events.push(action),
    (error) => invalid.push(error),
  );
  return { emit, events, invalid };
}

const typing = (userId: string) => ({ roomId: 'r1', userId, isTyping: true });

describe('forwardServerEvents', () => {
  it('holds events that arrive before the schemas are loaded, then hands them on in order, checked', async () => {
    const { emit, events, invalid } = forwarded();
    emit('typing:update', typing('u1'));
    emit('room:removed', { roomId: 'r1', reason: 'kicked' });
    emit('not:an:event', { anything: true });
    emit('typing:update', typing('u2'));
    expect(events).toEqual([]);

    await vi.waitFor(() => expect(events).toHaveLength(2));
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      ['typing:update', typing('u1')],
      ['typing:update', typing('u2')],
    ]);
    expect(invalid.map((e) => [e.code, e.message])).toEqual([
      ['invalid_response', 'room:removed: malformed event'],
    ]);

    // Once loaded, an event is checked and handed on at once.
    emit('typing:update', typing('u3'));
    expect(events.at(-1)?.payload).toEqual(typing('u3'));
  });

  it('reports schemas that cannot be loaded, keeps the events, and loads again with the next one', async () => {
    loads.failing = 1;
    const { emit, events, invalid } = forwarded();
    emit('typing:update', typing('u1'));
    await vi.waitFor(() => expect(invalid.map((e) => e.code)).toEqual(['network']));
    expect(events).toEqual([]);

    emit('typing:update', typing('u2'));
    await vi.waitFor(() => expect(events).toHaveLength(2));
    expect(events.map((e) => e.payload)).toEqual([typing('u1'), typing('u2')]);
    expect(loads.calls).toBe(2);
  });
});
