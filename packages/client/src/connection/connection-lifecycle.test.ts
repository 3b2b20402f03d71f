import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyEvent } from '../store/apply-event.js';
import { createStore } from '../store/create-store.js';
import type { ChatEvent } from '../store/actions.js';
import { initialState } from '../store/state.js';
import type { ChatState } from '../store/state.js';
import type { NatterSocket, SocketConnection } from '../transport/socket-connection.js';
import { ConnectionLifecycle } from './connection-lifecycle.js';

/**
 * A lifecycle over a socket the test connects and drops by hand; every catch-up starts with the
 * room list, so `catchUps()` counts them.
 */
function setup() {
  const socket = Object.assign(new EventEmitter(), { connected: false, active: false });
  const listRooms = vi.fn(async () => []);
  const lifecycle = new ConnectionLifecycle({
    socket: socket as unknown as NatterSocket,
    request: vi.fn() as unknown as SocketConnection['request'],
    store: createStore<ChatState, ChatEvent>(applyEvent, initialState),
    api: { me: vi.fn(), listRooms },
    onSendable: () => undefined,
    report: (error) => {
      throw error;
    },
  });
  return {
    lifecycle,
    catchUps: () => listRooms.mock.calls.length,
    connect() {
      socket.connected = true;
      socket.emit('connect');
    },
    drop() {
      socket.connected = false;
      socket.emit('disconnect', 'transport close');
    },
  };
}

describe('catching up when the server says sync:needed', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('catches up once, at a random moment within withinMs, however often it is asked meanwhile', async () => {
    const t = setup();
    t.connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.catchUps()).toBe(1);

    t.lifecycle.catchUpWithin(10_000);
    t.lifecycle.catchUpWithin(10_000);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(t.catchUps()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.catchUps()).toBe(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.catchUps()).toBe(2);

    // Asked again once it ran: it runs again.
    t.lifecycle.catchUpWithin(10_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(t.catchUps()).toBe(3);
  });

  it('spreads clients over withinMs by Math.random', async () => {
    const t = setup();
    t.connect();
    await vi.advanceTimersByTimeAsync(0);
    vi.mocked(Math.random).mockReturnValue(0.9);
    t.lifecycle.catchUpWithin(1_000);
    await vi.advanceTimersByTimeAsync(899);
    expect(t.catchUps()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.catchUps()).toBe(2);
  });

  it('leaves it to the reconnect when the connection drops before its turn', async () => {
    const t = setup();
    t.connect();
    await vi.advanceTimersByTimeAsync(0);
    t.lifecycle.catchUpWithin(1_000);
    t.drop();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.catchUps()).toBe(1);

    // Asked while disconnected: the reconnect's own catch-up covers it.
    t.lifecycle.catchUpWithin(1_000);
    t.connect();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.catchUps()).toBe(2);
  });
});
