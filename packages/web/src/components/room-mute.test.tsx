// @vitest-environment jsdom
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { ChatEvent, ChatState, NatterClient, RoomState } from '@natter/client';
import { applyEvent, createStore, initialState, selectRooms } from '@natter/client';
import type { Room } from '@natter/protocol';
import { ChatContext, useChat } from '../state/client-context.js';
import { ProfileStore } from '../state/profile-store.js';
import { MuteSwitch } from './mute-switch.js';
import { RoomListItem } from './room-list-item.js';

const group = {
  id: 'room-1',
  type: 'group',
  name: 'Team',
  participants: ['me', 'alice'],
  lastSeq: 0,
  lastReadSeq: 0,
  unreadCount: 0,
  lastActivityAt: '2026-11-30T12:00:00.000Z',
  createdAt: '2026-11-30T12:00:00.000Z',
} as unknown as Room;

/**
 * The real store, with `rooms.mute` answering like the server (the room, `muted` present only
 * when true) or refusing: the switch and the list item read the room from the store.
 */
function renderMutable(answer: 'ok' | 'refuse') {
  const store = createStore<ChatState, ChatEvent>(applyEvent, {
    ...initialState,
    me: { id: 'me', username: 'me', displayName: 'Me' },
  } as ChatState);
  store.dispatch({ type: 'rooms/loaded', rooms: [group] });
  const calls: [string, boolean, boolean?][] = [];
  const client = {
    getState: store.getState,
    subscribe: store.subscribe,
    rooms: {
      mute: async (roomId: string, muted: boolean, mentions?: boolean) => {
        calls.push(mentions === undefined ? [roomId, muted] : [roomId, muted, mentions]);
        if (answer === 'refuse') throw new Error('forbidden');
        const room: Room = {
          ...group,
          ...(muted && { muted: true }),
          ...(muted && mentions && { mentionsMuted: true }),
        };
        store.dispatch({ type: 'room/fetched', room });
        return room;
      },
    },
  } as unknown as NatterClient;
  function Views() {
    const room = useChat((s) => selectRooms(s)[0]) as RoomState;
    return (
      <>
        <MuteSwitch room={room} />
        <ul>
          <RoomListItem room={room} meId="me" active={false} onOpen={() => undefined} />
        </ul>
      </>
    );
  }
  render(
    <ChatContext value={{ client, profiles: new ProfileStore(async () => []) }}>
      <Views />
    </ChatContext>,
  );
  return calls;
}

describe('muting a room', () => {
  it('the switch mutes it, and the rooms list then shows a muted icon named "Muted"', async () => {
    const calls = renderMutable('ok');
    expect(screen.queryByRole('img', { name: 'Muted' })).toBeNull();

    fireEvent.click(screen.getByRole('checkbox', { name: 'Mute notifications' }));
    await waitFor(() => expect(screen.getByRole('img', { name: 'Muted' })).toBeTruthy());
    expect(calls).toEqual([['room-1', true]]);
    expect(
      screen.getByRole<HTMLInputElement>('checkbox', { name: 'Mute notifications' }).checked,
    ).toBe(true);

    fireEvent.click(screen.getByRole('checkbox', { name: 'Mute notifications' }));
    await waitFor(() => expect(screen.queryByRole('img', { name: 'Muted' })).toBeNull());
    expect(calls).toEqual([
      ['room-1', true],
      ['room-1', false],
    ]);
  });

  it('a refusal leaves the room unmuted and says so', async () => {
    renderMutable('refuse');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Mute notifications' }));
    await waitFor(() => expect(screen.getByText('Could not mute. Try again.')).toBeTruthy());
    expect(screen.getByRole<HTMLInputElement>('checkbox').checked).toBe(false);
    expect(screen.queryByRole('img', { name: 'Muted' })).toBeNull();
  });

  it('once muted, offers "Mute mentions too"; unmuting the room takes it away', async () => {
    const calls = renderMutable('ok');
    expect(screen.queryByRole('checkbox', { name: 'Mute mentions too' })).toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Mute notifications' }));
    const mentions = await screen.findByRole<HTMLInputElement>('checkbox', {
      name: 'Mute mentions too',
    });
    expect(mentions.checked).toBe(false);
    expect(screen.getByRole('status').textContent).toContain('but for mentions of you and @all');

    fireEvent.click(mentions);
    await waitFor(() =>
      expect(
        screen.getByRole<HTMLInputElement>('checkbox', { name: 'Mute mentions too' }).checked,
      ).toBe(true),
    );
    expect(screen.getByRole('status').textContent).toContain('not even for mentions');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Mute notifications' }));
    await waitFor(() =>
      expect(screen.queryByRole('checkbox', { name: 'Mute mentions too' })).toBeNull(),
    );
    expect(calls).toEqual([
      ['room-1', true],
      ['room-1', true, true],
      ['room-1', false],
    ]);
  });
});
