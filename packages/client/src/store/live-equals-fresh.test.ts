import { describe, expect, it } from 'vitest';
import { reduce, user } from '../../test/helpers/fixtures.js';
import { ModelServer } from '../../test/helpers/model-server.js';
import { view } from '../../test/helpers/view.js';
import type { ChatEvent } from './actions.js';
import type { ChatState } from './state.js';

const ME = 'me';

/** A fresh client: the room list, then each room's history. */
function freshLoad(server: ModelServer): ChatState {
  const rooms = server.roomsFor(ME);
  const events: ChatEvent[] = [
    { type: 'session/started', user: user(ME) },
    { type: 'rooms/loaded', rooms },
    ...rooms.map((room): ChatEvent => ({
      type: 'history/loaded',
      roomId: room.id,
      page: server.page(room.id),
      before: undefined,
    })),
  ];
  return reduce(events);
}

describe('live events applied to a stale snapshot', () => {
  it('equal a fresh load (direct and group rooms: messages, edits, deletes, receipts)', () => {
    const server = new ModelServer();
    server.createRoom('direct', [ME, 'bob']);
    server.createRoom('group', [ME, 'bob', 'carol']);
    for (const userId of [ME, 'bob', 'carol']) server.connect(userId);
    // History before the snapshot.
    const hello = server.send('direct', 'bob', 'hello');
    server.send('direct', ME, 'hi bob');
    server.read('direct', 'bob', 2);
    server.send('group', 'carol', 'morning all');
    server.send('group', 'bob', 'hey');
    const mine = server.send('group', ME, 'hello group');
    server.read('group', 'bob', 3);
    server.read('group', 'carol', 3);

    const snapshot = freshLoad(server);
    server.takeFeed(ME);

    // While connected, the user sees all of this live.
    const question = server.send('direct', 'bob', 'lunch?');
    server.send('direct', 'bob', 'at noon');
    server.edit(question.id, 'lunch today?');
    server.delete(hello.id);
    server.read('direct', ME, 3);
    server.send('direct', ME, 'sure', 'client-1');
    server.read('direct', 'bob', 5);
    // Reading the group makes carol's and bob's first messages read: that needs the others'
    // marks from before the snapshot, which only the loaded statuses tell.
    server.read('group', ME, 3);
    server.edit(mine.id, 'hello, group');
    server.send('group', 'bob', 'lunch, anyone?');
    server.send('group', 'carol', 'me!');
    server.read('group', 'carol', 4);

    const live = reduce(server.takeFeed(ME), snapshot);
    expect(view(live)).toEqual(view(freshLoad(server)));
    // And the scenario did exercise what it claims.
    expect(view(live).rooms.find((r) => r.id === 'direct')).toMatchObject({ unreadCount: 1 });
    expect(view(live).rooms.find((r) => r.id === 'group')).toMatchObject({ unreadCount: 2 });
    expect(view(live).timelines.group?.map((m) => m.status)).toEqual([
      'read',
      'read',
      'read',
      'delivered',
      'delivered',
    ]);
  });
});

describe('membership changes applied live (room:members)', () => {
  it('equal a fresh load when members join and leave a group', () => {
    const server = new ModelServer();
    server.createRoom('group', [ME, 'bob', 'carol', 'erin']);
    for (const userId of [ME, 'bob', 'carol', 'erin', 'dave']) server.connect(userId);
    server.send('group', 'bob', 'before dave');
    server.send('group', ME, 'hello all');
    const snapshot = freshLoad(server);
    server.takeFeed(ME);

    // Dave joins caught up; carol, who never read, leaves: mine are read by all who stay (I have
    // not read bob's).
    server.addMember('group', 'dave');
    const mine = server.send('group', ME, 'welcome dave');
    server.read('group', 'bob', mine.seq);
    server.read('group', 'dave', mine.seq);
    server.read('group', 'erin', mine.seq);
    server.removeMember('group', 'carol');

    const live = reduce(server.takeFeed(ME), snapshot);
    expect(view(live)).toEqual(view(freshLoad(server)));
    expect(view(live).rooms[0]?.participants).toEqual([ME, 'bob', 'erin', 'dave']);
    expect(view(live).timelines.group?.map((m) => m.status)).toEqual(['delivered', 'read', 'read']);
  });
});

describe('a sync after an offline stretch', () => {
  it('equals a fresh load, with the receipts given while away (direct and group rooms)', () => {
    const server = new ModelServer();
    server.createRoom('direct', [ME, 'bob']);
    server.createRoom('group', [ME, 'bob', 'carol']);
    for (const userId of [ME, 'bob', 'carol']) server.connect(userId);
    server.send('direct', 'bob', 'hello');
    const mine = server.send('direct', ME, 'hi bob');
    server.send('group', 'carol', 'morning all');
    const inGroup = server.send('group', ME, 'hello group');
    const snapshot = freshLoad(server);
    const statuses = (state: ChatState, roomId: string) =>
      view(state).timelines[roomId]?.map((m) => m.status);
    expect(statuses(snapshot, 'direct')).toEqual(['delivered', 'delivered']);
    expect(statuses(snapshot, 'group')).toEqual(['delivered', 'delivered']);

    /** What the client does on reconnecting: the room list, then a sync of each room. */
    const reconnect = (state: ChatState): ChatState => {
      server.connect(ME);
      const events: ChatEvent[] = [
        { type: 'rooms/loaded', rooms: server.roomsFor(ME) },
        ...['direct', 'group'].map((roomId): ChatEvent => {
          const afterSeq = state.timelines[roomId]?.syncedSeq ?? 0;
          return { type: 'sync/applied', afterSeq, result: server.sync(roomId, afterSeq) };
        }),
      ];
      const next = reduce(events, state);
      server.takeFeed(ME);
      return next;
    };

    // Offline, nothing new arrives: only receipts, which no live event will ever report.
    server.disconnect(ME);
    server.read('direct', 'bob', mine.seq);
    server.read('group', 'bob', inGroup.seq);
    const once = reconnect(snapshot);
    expect(view(once)).toEqual(view(freshLoad(server)));
    expect(statuses(once, 'direct')).toEqual(['delivered', 'read']);
    // Bob has read the group, Carol has not: not read yet.
    expect(statuses(once, 'group')).toEqual(['delivered', 'delivered']);

    server.disconnect(ME);
    server.read('group', 'carol', inGroup.seq);
    server.send('group', 'bob', 'welcome back');
    const twice = reconnect(once);
    expect(view(twice)).toEqual(view(freshLoad(server)));
    // Carol's message waits for this user's read; this user's own is read by both now.
    expect(statuses(twice, 'group')).toEqual(['delivered', 'read', 'delivered']);
  });
});

describe('mention counts applied live', () => {
  it('equal a fresh load: mentions of me and of the group, mine, edits, deletes and reads', () => {
    const server = new ModelServer();
    server.createRoom('group', [ME, 'bob', 'carol']);
    for (const userId of [ME, 'bob', 'carol']) server.connect(userId);
    server.send('group', 'bob', '@me before', undefined, { mentions: [ME] });
    const snapshot = freshLoad(server);
    expect(view(snapshot).rooms[0]?.mentionCount).toBe(1);
    server.takeFeed(ME);

    const standup = server.send('group', 'carol', '@all standup', undefined, {
      roomMention: 'all',
    });
    const toCarol = server.send('group', 'bob', '@carol only', undefined, { mentions: ['carol'] });
    server.send('group', ME, '@all mine', undefined, { roomMention: 'all' });
    const unmentioned = server.send('group', 'bob', '@me soon not', undefined, { mentions: [ME] });
    const deleted = server.send('group', 'carol', '@here gone', undefined, { roomMention: 'here' });
    server.edit(toCarol.id, '@carol and @me', { mentions: ['carol', ME] });
    server.edit(unmentioned.id, 'nobody after all');
    server.delete(deleted.id);
    let live = reduce(server.takeFeed(ME), snapshot);
    expect(view(live)).toEqual(view(freshLoad(server)));
    // Before, @all, the edit that added me: three. Mine, the one edited away, the deleted: none.
    expect(view(live).rooms[0]?.mentionCount).toBe(3);

    // Reading part of the way leaves the mention after the mark; reading on clears it.
    server.read('group', ME, standup.seq);
    live = reduce(server.takeFeed(ME), live);
    expect(view(live)).toEqual(view(freshLoad(server)));
    expect(view(live).rooms[0]?.mentionCount).toBe(1);
    server.read('group', ME, deleted.seq);
    live = reduce(server.takeFeed(ME), live);
    expect(view(live)).toEqual(view(freshLoad(server)));
    expect(view(live).rooms[0]?.mentionCount).toBeUndefined();
  });

  it('equal a fresh rooms list when no history was loaded (counted on the server’s base)', () => {
    const server = new ModelServer();
    server.createRoom('group', [ME, 'bob']);
    for (const userId of [ME, 'bob']) server.connect(userId);
    for (let i = 0; i < 3; i++)
      server.send('group', 'bob', `@me ${i}`, undefined, { mentions: [ME] });
    const roomsOnly = (): ChatState =>
      reduce([
        { type: 'session/started', user: user(ME) },
        { type: 'rooms/loaded', rooms: server.roomsFor(ME) },
      ]);
    const snapshot = roomsOnly();
    server.takeFeed(ME);
    server.send('group', 'bob', 'plain');
    server.send('group', 'bob', '@all', undefined, { roomMention: 'all' });
    const live = reduce(server.takeFeed(ME), snapshot);
    const fresh = roomsOnly();
    expect(live.rooms.group?.mentionCount).toBe(4);
    expect(live.rooms.group?.mentionCount).toBe(fresh.rooms.group?.mentionCount);
    expect(live.rooms.group?.unreadCount).toBe(fresh.rooms.group?.unreadCount);
  });
});
