// @vitest-environment jsdom
import { act, render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { ChatEvent, ChatState, NatterClient } from '@natter/client';
import { applyEvent, createStore, initialState } from '@natter/client';
import { ChatContext } from '../state/client-context.js';
import { ProfileStore } from '../state/profile-store.js';
import { TypingIndicator } from './typing-indicator.js';

/** Just the store of a client: what the indicator reads. */
function fakeClient(state: ChatState) {
  const store = createStore<ChatState, ChatEvent>(applyEvent, state);
  const client = {
    getState: store.getState,
    subscribe: store.subscribe,
  } as unknown as NatterClient;
  return { client, store };
}

describe('TypingIndicator', () => {
  it('names who is typing from their profiles, and clears', () => {
    const typing = { room: { alice: Date.now() + 60_000 } };
    const { client, store } = fakeClient({ ...initialState, typing });
    const profiles = new ProfileStore(() => Promise.reject(new Error('offline')));
    profiles.put([{ id: 'alice', username: 'alice', displayName: 'Alice' }]);

    render(
      <ChatContext value={{ client, profiles }}>
        <TypingIndicator roomId="room" />
      </ChatContext>,
    );
    expect(screen.getByText('Alice is typing…')).toBeTruthy();

    act(() =>
      store.dispatch({
        type: 'typing:update',
        payload: { roomId: 'room', userId: 'alice', isTyping: false },
        receivedAt: Date.now(),
      }),
    );
    expect(screen.queryByText('Alice is typing…')).toBeNull();
  });
});
