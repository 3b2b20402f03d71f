import { describe, expect, it } from 'vitest';
import { message, reduce, room, serverEvent, user } from '../../test/helpers/fixtures.js';
import { selectRooms, selectTimeline } from './selectors.js';

const ROOM = 'r1';

describe('applyEvent: user:updated', () => {
  const bobsMessage = message({ id: 'm1', roomId: ROOM, seq: 1, senderId: 'bob' });
  const mine = message({ id: 'm2', roomId: ROOM, seq: 2, senderId: 'me' });
  const loaded = reduce([
    { type: 'session/started', user: user('me') },
    { type: 'rooms/loaded', rooms: [room({ id: ROOM, participants: ['me', 'bob'] })] },
    {
      type: 'history/loaded',
      roomId: ROOM,
      page: { messages: [bobsMessage, mine], hasMore: false, changesCursor: '0', receipts: [] },
      before: undefined,
    },
  ]);
  const renamed = {
    id: 'bob',
    username: 'bob',
    displayName: 'Robert',
    avatarUrl: '/api/avatars/x',
  };

  it("rewrites the person's loaded messages and leaves everyone else's as they were", () => {
    const state = reduce([serverEvent('user:updated', { user: renamed })], loaded);
    const [first, second] = selectTimeline(state, ROOM);
    expect(first?.sender).toEqual({
      id: 'bob',
      displayName: 'Robert',
      avatarUrl: '/api/avatars/x',
    });
    expect(second?.sender).toBe(selectTimeline(loaded, ROOM)[1]?.sender);
    expect(state.me).toBe(loaded.me);
  });

  it("updates the signed-in user and their rooms' last message sender", () => {
    const me = { id: 'me', username: 'me', displayName: 'New Me' };
    const state = reduce([serverEvent('user:updated', { user: me })], loaded);
    expect(state.me).toEqual(me);
    expect(selectRooms(state)[0]?.lastMessage?.sender.displayName).toBe('New Me');
  });
});
