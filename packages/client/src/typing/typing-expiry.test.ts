import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { room, serverEvent, user } from '../../test/helpers/fixtures.js';
import type { ChatEvent } from '../store/actions.js';
import { applyEvent } from '../store/apply-event.js';
import { createStore } from '../store/create-store.js';
import { selectTypingUsers } from '../store/selectors.js';
import { initialState } from '../store/state.js';
import type { ChatState } from '../store/state.js';
import { watchTypingExpiry } from './typing-expiry.js';

const ROOM = 'r1';
const BOB = 'bob';

describe('watchTypingExpiry', () => {
  let store: ReturnType<typeof createStore<ChatState, ChatEvent>>;
  let stop: () => void;

  beforeEach(() => {
    vi.useFakeTimers();
    store = createStore(applyEvent, initialState);
    store.dispatch({ type: 'session/started', user: user('me') });
    store.dispatch({
      type: 'rooms/loaded',
      rooms: [room({ id: ROOM, participants: ['me', BOB] })],
    });
    stop = watchTypingExpiry(store);
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  const typing = () =>
    store.dispatch(
      serverEvent('typing:update', { roomId: ROOM, userId: BOB, isTyping: true }, Date.now()),
    );
  const typists = () => selectTypingUsers(store.getState(), ROOM);

  it('ends an indicator 6 s after the last `isTyping: true` when no stop arrives', () => {
    typing();
    vi.advanceTimersByTime(3_000);
    typing(); // the server's re-announcement of Bob's next typing:start
    vi.advanceTimersByTime(5_999);
    expect(typists()).toEqual([BOB]);
    vi.advanceTimersByTime(1);
    expect(typists()).toEqual([]);
  });

  it('lets a UI hear the indicator end by itself', () => {
    const listener = vi.fn();
    store.subscribe(listener);
    typing();
    listener.mockClear();
    vi.advanceTimersByTime(6_000);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(typists()).toEqual([]);
  });
});
