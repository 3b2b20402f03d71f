// @vitest-environment jsdom
import { act, render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { ChatEvent, ChatState, NatterClient, RoomState } from '@natter/client';
import { applyEvent, createStore, initialState } from '@natter/client';
import { ChatContext } from '../state/client-context.js';
import { ProfileStore } from '../state/profile-store.js';
import { ConversationHeader } from './conversation-header.js';
import { RoomListItem } from './room-list-item.js';

const room = {
  id: 'room',
  type: 'direct',
  participants: ['me', 'alice'],
} as unknown as RoomState;

/** Alice is online, as last heard on a connection that is ready. */
function renderDirectRoom() {
  const state: ChatState = {
    ...initialState,
    me: { id: 'me', username: 'me', displayName: 'Me' },
    connection: { status: 'ready' },
    presence: { alice: { userId: 'alice', online: true } },
  } as ChatState;
  const store = createStore<ChatState, ChatEvent>(applyEvent, state);
  const client = {
    getState: store.getState,
    subscribe: store.subscribe,
  } as unknown as NatterClient;
  const profiles = new ProfileStore(() => Promise.reject(new Error('offline')));
  profiles.put([{ id: 'alice', username: 'alice', displayName: 'Alice' }]);
  const view = render(
    <ChatContext value={{ client, profiles }}>
      <ConversationHeader room={room} onBack={() => undefined} />
      <RoomListItem room={room} meId="me" active={false} onOpen={() => undefined} />
    </ChatContext>,
  );
  const connection = (status: 'ready' | 'reconnecting') =>
    act(() => store.dispatch({ type: 'connection/changed', connection: { status } }));
  return { view, connection };
}

const dots = (view: ReturnType<typeof render>) =>
  [...view.container.querySelectorAll('.presence-dot')].map((dot) => dot.className);

describe('presence while the connection is down', () => {
  it('shows "last seen unknown" and no dots, and comes back when connected again', () => {
    const { view, connection } = renderDirectRoom();
    expect(screen.getByText('online')).toBeTruthy();
    expect(dots(view)).toEqual(['presence-dot online', 'presence-dot online']);

    connection('reconnecting');
    expect(screen.queryByText('online')).toBeNull();
    expect(screen.getByText('last seen unknown')).toBeTruthy();
    expect(dots(view)).toEqual([]);

    connection('ready');
    expect(screen.getByText('online')).toBeTruthy();
    expect(dots(view)).toEqual(['presence-dot online', 'presence-dot online']);
  });
});
