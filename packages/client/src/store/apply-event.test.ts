import { describe, expect, it } from 'vitest';
import { at, message, reduce, room, serverEvent, user } from '../../test/helpers/fixtures.js';
import { NatterError } from '../natter-error.js';
import type { ChatEvent } from './actions.js';
import { applyEvent } from './apply-event.js';
import { selectRooms, selectTimeline, selectTypingUsers } from './selectors.js';
import type { ChatState, PendingMessage } from './state.js';
import { TYPING_INDICATOR_TTL_MS } from './typing-reducer.js';

const ME = 'me';
const BOB = 'bob';
const ROOM = 'r1';

/** A signed-in client that knows one direct room with bob and has loaded its (empty) history. */
function start(...events: ChatEvent[]): ChatState {
  return reduce([
    { type: 'session/started', user: user(ME) },
    { type: 'rooms/loaded', rooms: [room({ id: ROOM, participants: [ME, BOB] })] },
    {
      type: 'history/loaded',
      roomId: ROOM,
      page: { messages: [], hasMore: false, changesCursor: '0', receipts: [] },
      before: undefined,
    },
    ...events,
  ]);
}

const pending = (clientId: string, content = 'hi'): PendingMessage => ({
  clientId,
  roomId: ROOM,
  senderId: ME,
  type: 'text',
  content,
  createdAt: at(100),
  status: 'sending',
});

const contents = (state: ChatState) => selectTimeline(state, ROOM).map((m) => m.content);

describe('applyEvent: messages', () => {
  it('shows a queued message at once as sending', () => {
    const state = start({ type: 'outbox/queued', message: pending('c1') });
    expect(selectTimeline(state, ROOM)).toMatchObject([
      { clientId: 'c1', content: 'hi', status: 'sending', own: true, key: 'c:c1' },
    ]);
  });

  const sent = message({
    id: 'm1',
    roomId: ROOM,
    seq: 1,
    senderId: ME,
    clientId: 'c1',
    content: 'hi',
  });

  it('echo before ack gives one message', () => {
    const state = start(
      { type: 'outbox/queued', message: pending('c1') },
      serverEvent('message:new', sent),
      { type: 'outbox/acked', clientId: 'c1', message: sent },
    );
    expect(selectTimeline(state, ROOM)).toMatchObject([
      { id: 'm1', seq: 1, status: 'sent', key: 'c:c1' },
    ]);
    expect(state.outbox).toEqual({});
  });

  it('ack before echo gives one message', () => {
    const state = start(
      { type: 'outbox/queued', message: pending('c1') },
      { type: 'outbox/acked', clientId: 'c1', message: sent },
      serverEvent('message:new', sent),
    );
    expect(selectTimeline(state, ROOM)).toHaveLength(1);
    expect(state.outbox).toEqual({});
  });

  it('keeps the row key when a pending message is confirmed', () => {
    const before = start({ type: 'outbox/queued', message: pending('c1') });
    const after = applyEvent(before, serverEvent('message:new', sent));
    expect(selectTimeline(after, ROOM)[0]?.key).toBe(selectTimeline(before, ROOM)[0]?.key);
  });

  it('dedupes a message that arrives twice', () => {
    const m = message({ id: 'm1', roomId: ROOM, seq: 1, senderId: BOB });
    const state = start(serverEvent('message:new', m), serverEvent('message:new', m));
    expect(contents(state)).toEqual(['message 1']);
  });

  it('orders by seq whatever the arrival order, and advances syncedSeq over the gap', () => {
    const m = (seq: number) => message({ id: `m${seq}`, roomId: ROOM, seq, senderId: BOB });
    const gap = start(serverEvent('message:new', m(1)), serverEvent('message:new', m(3)));
    expect(gap.timelines[ROOM]?.syncedSeq).toBe(1);
    const filled = applyEvent(gap, serverEvent('message:new', m(2)));
    expect(contents(filled)).toEqual(['message 1', 'message 2', 'message 3']);
    expect(filled.timelines[ROOM]?.syncedSeq).toBe(3);
  });

  it('marks a failed message and sends it again on retry', () => {
    const error = new NatterError('rate_limited', 'slow down', { retryAfterMs: 500 });
    const failed = start(
      { type: 'outbox/queued', message: pending('c1') },
      { type: 'outbox/failed', clientId: 'c1', error },
    );
    expect(selectTimeline(failed, ROOM)[0]).toMatchObject({ status: 'failed', error });
    const retried = applyEvent(failed, { type: 'outbox/retried', clientId: 'c1' });
    expect(selectTimeline(retried, ROOM)[0]?.status).toBe('sending');
    expect(selectTimeline(retried, ROOM)[0]?.error).toBeUndefined();
    expect(applyEvent(failed, { type: 'outbox/discarded', clientId: 'c1' }).outbox).toEqual({});
  });

  it('turns a deleted message into a tombstone, in the timeline and as the last message', () => {
    const m = message({ id: 'm1', roomId: ROOM, seq: 1, senderId: BOB, content: 'secret' });
    const state = start(
      serverEvent('message:new', m),
      serverEvent('message:deleted', { roomId: ROOM, messageId: 'm1' }, Date.parse(at(5))),
    );
    expect(selectTimeline(state, ROOM)[0]).toMatchObject({ content: '', deletedAt: at(5) });
    expect(state.rooms[ROOM]?.lastMessage).toMatchObject({ id: 'm1', content: '' });
    expect(state.rooms[ROOM]?.unreadCount).toBe(0);
  });

  it('keeps a live edit when an older copy of the message arrives later', () => {
    const original = message({ id: 'm1', roomId: ROOM, seq: 1, senderId: BOB, content: 'v1' });
    const edited = { ...original, content: 'v2', editedAt: at(10) };
    const state = start(
      serverEvent('message:new', original),
      serverEvent('message:updated', edited),
      {
        type: 'sync/applied',
        afterSeq: 0,
        result: {
          roomId: ROOM,
          messages: [original],
          changes: [],
          hasMore: false,
          changesCursor: '1',
          receipts: [],
        },
      },
    );
    expect(contents(state)).toEqual(['v2']);
  });

  it('shows a link preview added or removed without an edit, and ignores a re-signed image URL', () => {
    const original = message({
      id: 'm1',
      roomId: ROOM,
      seq: 1,
      senderId: BOB,
      content: 'x.example',
    });
    const preview = { url: 'https://x.example/', title: 'X', imageUrl: '/i/lp-1?sig=a' };
    const withPreview = start(
      serverEvent('message:new', original),
      serverEvent('message:updated', { ...original, preview }),
    );
    expect(selectTimeline(withPreview, ROOM)[0]?.preview).toEqual(preview);

    const resigned = applyEvent(
      withPreview,
      serverEvent('message:updated', {
        ...original,
        preview: { ...preview, imageUrl: '/i/lp-1?sig=b' },
      }),
    );
    expect(selectTimeline(resigned, ROOM)[0]).toBe(selectTimeline(withPreview, ROOM)[0]);

    const removed = applyEvent(withPreview, serverEvent('message:updated', original));
    expect(selectTimeline(removed, ROOM)[0]?.preview).toBeUndefined();
  });

  it('never resurrects a tombstone', () => {
    const original = message({ id: 'm1', roomId: ROOM, seq: 1, senderId: BOB });
    const state = start(
      serverEvent('message:new', original),
      serverEvent('message:deleted', { roomId: ROOM, messageId: 'm1' }),
      serverEvent('message:updated', { ...original, content: 'late', editedAt: at(9) }),
    );
    expect(contents(state)).toEqual(['']);
  });

  it('ignores changes to messages that are not loaded (no gaps in the timeline)', () => {
    const old = message({ id: 'm0', roomId: ROOM, seq: 1, senderId: BOB, editedAt: at(3) });
    const state = start(serverEvent('message:updated', old));
    expect(selectTimeline(state, ROOM)).toEqual([]);
  });
});

describe('applyEvent: history and sync', () => {
  const m = (seq: number) => message({ id: `m${seq}`, roomId: ROOM, seq, senderId: BOB });

  it('prepends an older page, deduped by id', () => {
    const state = reduce([
      { type: 'session/started', user: user(ME) },
      { type: 'rooms/loaded', rooms: [room({ id: ROOM, participants: [ME, BOB], lastSeq: 4 })] },
      {
        type: 'history/loaded',
        roomId: ROOM,
        page: {
          messages: [m(3), m(4)],
          hasMore: true,
          nextCursor: '3',
          changesCursor: '0',
          receipts: [],
        },
        before: undefined,
      },
      {
        type: 'history/loaded',
        roomId: ROOM,
        page: { messages: [m(1), m(2), m(3)], hasMore: false, changesCursor: '0', receipts: [] },
        before: '3',
      },
    ]);
    expect(selectTimeline(state, ROOM).map((x) => x.seq)).toEqual([1, 2, 3, 4]);
    expect(state.timelines[ROOM]).toMatchObject({
      hasOlder: false,
      syncedSeq: 4,
      historyLoaded: true,
    });
  });

  it('applies a sync: new messages, changes to loaded ones, and the new cursor', () => {
    const state = start(serverEvent('message:new', m(1)), {
      type: 'sync/applied',
      afterSeq: 1,
      result: {
        roomId: ROOM,
        messages: [m(2), m(3)],
        changes: [{ ...m(1), content: 'edited', editedAt: at(50) }],
        hasMore: false,
        changesCursor: '7',
        receipts: [],
      },
    });
    expect(contents(state)).toEqual(['edited', 'message 2', 'message 3']);
    expect(state.timelines[ROOM]).toMatchObject({ syncedSeq: 3, changesCursor: '7' });
    expect(state.rooms[ROOM]).toMatchObject({ lastSeq: 3, unreadCount: 3 });
  });

  it('confirms a pending message that a sync brought back (its ack was lost)', () => {
    const mine = message({ id: 'm1', roomId: ROOM, seq: 1, senderId: ME, clientId: 'c1' });
    const state = start(
      { type: 'outbox/queued', message: pending('c1') },
      {
        type: 'sync/applied',
        afterSeq: 0,
        result: {
          roomId: ROOM,
          messages: [mine],
          changes: [],
          hasMore: false,
          changesCursor: '0',
          receipts: [],
        },
      },
    );
    expect(state.outbox).toEqual({});
    expect(selectTimeline(state, ROOM)).toHaveLength(1);
  });

  it('starts a synced empty timeline for a room whose history is not loaded', () => {
    const state = reduce([
      { type: 'session/started', user: user(ME) },
      {
        type: 'rooms/loaded',
        rooms: [room({ id: ROOM, participants: [ME, BOB], lastSeq: 40, unreadCount: 2 })],
      },
      {
        type: 'sync/applied',
        afterSeq: 40,
        result: {
          roomId: ROOM,
          messages: [m(41)],
          changes: [],
          hasMore: false,
          changesCursor: '5',
          receipts: [],
        },
      },
    ]);
    expect(state.timelines[ROOM]).toMatchObject({
      syncedSeq: 41,
      changesCursor: '5',
      historyLoaded: false,
    });
    // Two unread before (not loaded), one that arrived.
    expect(state.rooms[ROOM]?.unreadCount).toBe(3);
  });
});

describe('applyEvent: rooms, unread and receipts', () => {
  const fromBob = (seq: number) => message({ id: `b${seq}`, roomId: ROOM, seq, senderId: BOB });
  const fromMe = (seq: number) => message({ id: `a${seq}`, roomId: ROOM, seq, senderId: ME });

  it("counts others' messages as unread, not one's own", () => {
    const state = start(
      serverEvent('message:new', fromBob(1)),
      serverEvent('message:new', fromMe(2)),
      serverEvent('message:new', fromBob(3)),
    );
    expect(state.rooms[ROOM]?.unreadCount).toBe(2);
  });

  it("does not count the room's system lines as unread", () => {
    const line = message({
      id: 's2',
      roomId: ROOM,
      seq: 2,
      senderId: BOB,
      type: 'system',
      content: 'Bob added Carol',
      event: { kind: 'member_added', actorId: BOB, targetId: 'carol' },
    });
    const state = start(serverEvent('message:new', fromBob(1)), serverEvent('message:new', line));
    expect(state.rooms[ROOM]?.unreadCount).toBe(1);
  });

  it('renames and recolours a group when room:members brings a new name and colour', () => {
    const state = start(serverEvent('room:members', { roomId: ROOM, name: 'Trip', color: 'teal' }));
    expect(state.rooms[ROOM]).toMatchObject({ name: 'Trip', color: 'teal' });
  });

  it('drops the unread count when this user reads, here or on another device', () => {
    const base = start(
      serverEvent('message:new', fromBob(1)),
      serverEvent('message:new', fromBob(2)),
    );
    const local = applyEvent(base, { type: 'read/marked', roomId: ROOM, upToSeq: 1 });
    expect(local.rooms[ROOM]).toMatchObject({ unreadCount: 1, lastReadSeq: 1 });
    const remote = applyEvent(
      base,
      serverEvent('messages:read:update', {
        roomId: ROOM,
        userId: ME,
        upToMessageId: 'b2',
        upToSeq: 2,
      }),
    );
    expect(remote.rooms[ROOM]).toMatchObject({ unreadCount: 0, lastReadSeq: 2 });
  });

  it('adds live messages to the server count when history is not loaded', () => {
    const state = reduce([
      { type: 'session/started', user: user(ME) },
      {
        type: 'rooms/loaded',
        rooms: [
          room({ id: ROOM, participants: [ME, BOB], lastSeq: 10, lastReadSeq: 4, unreadCount: 5 }),
        ],
      },
      serverEvent('message:new', fromBob(11)),
      serverEvent('message:new', fromMe(12)),
    ]);
    expect(state.rooms[ROOM]).toMatchObject({ unreadCount: 6, lastSeq: 12 });
    expect(state.rooms[ROOM]?.lastMessage?.id).toBe('a12');
  });

  it('keeps a live message when a room list computed before it arrives', () => {
    const stale = room({ id: ROOM, participants: [ME, BOB], lastSeq: 0 });
    const state = start(serverEvent('message:new', fromBob(1)), {
      type: 'rooms/loaded',
      rooms: [stale],
    });
    expect(state.rooms[ROOM]).toMatchObject({ lastSeq: 1, unreadCount: 1 });
  });

  it('derives the status of own messages from the receipts of the others', () => {
    const base = start(
      serverEvent('message:new', fromMe(1)),
      serverEvent('message:new', fromMe(2)),
    );
    const status = (state: ChatState) => selectTimeline(state, ROOM).map((m) => m.status);
    expect(status(base)).toEqual(['sent', 'sent']);
    const delivered = applyEvent(
      base,
      serverEvent('messages:delivered:update', { roomId: ROOM, userId: BOB, upToSeq: 2 }),
    );
    expect(status(delivered)).toEqual(['delivered', 'delivered']);
    const read = applyEvent(
      delivered,
      serverEvent('messages:read:update', {
        roomId: ROOM,
        userId: BOB,
        upToMessageId: 'a1',
        upToSeq: 1,
      }),
    );
    expect(status(read)).toEqual(['read', 'delivered']);
  });

  it('needs every other member of a group before a message is read', () => {
    const group = room({ id: 'g', participants: [ME, BOB, 'carol'] });
    const mine = message({ id: 'g1', roomId: 'g', seq: 1, senderId: ME });
    const read = (userId: string) =>
      serverEvent('messages:read:update', { roomId: 'g', userId, upToMessageId: 'g1', upToSeq: 1 });
    const status = (state: ChatState) => selectTimeline(state, 'g')[0]?.status;
    const state = reduce([
      { type: 'session/started', user: user(ME) },
      { type: 'rooms/loaded', rooms: [group] },
      serverEvent('message:new', mine),
      read(BOB),
    ]);
    expect(status(state)).toBe('sent');
    expect(status(applyEvent(state, read('carol')))).toBe('read');
  });

  it('applies a messages:read:batch as the messages:read:updates it gathers', () => {
    const group = room({ id: 'g', participants: [ME, BOB, 'carol', 'dora'] });
    const mine = (seq: number) => message({ id: `g${seq}`, roomId: 'g', seq, senderId: ME });
    const read = (userId: string, upToSeq: number) => ({
      userId,
      upToMessageId: `g${upToSeq}`,
      upToSeq,
    });
    const base = reduce([
      { type: 'session/started', user: user(ME) },
      { type: 'rooms/loaded', rooms: [group] },
      serverEvent('message:new', mine(1)),
      serverEvent('message:new', mine(2)),
      serverEvent('messages:read:update', { roomId: 'g', ...read('dora', 2) }),
    ]);
    const batched = applyEvent(
      base,
      serverEvent('messages:read:batch', {
        roomId: 'g',
        // Dora's older mark, gathered before her newer one arrived alone, does not take it back.
        reads: [read(BOB, 2), read('carol', 1), read('dora', 1)],
      }),
    );
    const oneByOne = [read(BOB, 2), read('carol', 1), read('dora', 1)].reduce(
      (state, r) => applyEvent(state, serverEvent('messages:read:update', { roomId: 'g', ...r })),
      base,
    );
    expect(batched.receipts).toEqual(oneByOne.receipts);
    // Carol has read (so received) the first only.
    expect(selectTimeline(batched, 'g').map((m) => m.status)).toEqual(['read', 'sent']);
    expect(batched.receipts['g']?.['dora']).toEqual({ readSeq: 2, deliveredSeq: 2 });
  });

  it('a messages:read:batch naming this user moves their own read mark and unread count', () => {
    const state = start(
      serverEvent('message:new', fromBob(1)),
      serverEvent('message:new', fromBob(2)),
      serverEvent('messages:read:batch', {
        roomId: ROOM,
        reads: [{ userId: ME, upToMessageId: 'b2', upToSeq: 2 }],
      }),
    );
    expect(state.rooms[ROOM]).toMatchObject({ unreadCount: 0, lastReadSeq: 2 });
  });

  describe('receipts carried by sync and load answers', () => {
    const CAROL = 'carol';
    const group = room({ id: 'g', participants: [ME, BOB, CAROL] });
    const mine = (seq: number) => message({ id: `g${seq}`, roomId: 'g', seq, senderId: ME });
    const receipt = (userId: string, lastReadSeq: number, lastDeliveredSeq = lastReadSeq) => ({
      userId,
      lastReadSeq,
      lastDeliveredSeq,
    });
    /** A sync answer with nothing new: only the members' marks, as receipts missed offline. */
    const synced = (
      roomId: string,
      afterSeq: number,
      receipts: ReturnType<typeof receipt>[],
    ): ChatEvent => ({
      type: 'sync/applied',
      afterSeq,
      result: { roomId, messages: [], changes: [], hasMore: false, changesCursor: '9', receipts },
    });
    const statuses = (state: ChatState, roomId: string) =>
      selectTimeline(state, roomId).map((m) => m.status);

    it('update the statuses of own messages in a direct room', () => {
      const state = start(
        serverEvent('message:new', fromMe(1)),
        serverEvent('message:new', fromMe(2)),
      );
      expect(statuses(state, ROOM)).toEqual(['sent', 'sent']);
      const after = applyEvent(state, synced(ROOM, 2, [receipt(ME, 0, 0), receipt(BOB, 1, 2)]));
      expect(statuses(after, ROOM)).toEqual(['read', 'delivered']);
    });

    it('in a group, make a message read only once every other member has read it', () => {
      const base = reduce([
        { type: 'session/started', user: user(ME) },
        { type: 'rooms/loaded', rooms: [group] },
        serverEvent('message:new', mine(1)),
      ]);
      const bobRead = applyEvent(base, synced('g', 1, [receipt(BOB, 1), receipt(CAROL, 0, 1)]));
      expect(statuses(bobRead, 'g')).toEqual(['delivered']);
      const bothRead = applyEvent(
        bobRead,
        synced('g', 1, [receipt(ME, 0), receipt(BOB, 1), receipt(CAROL, 1)]),
      );
      expect(statuses(bothRead, 'g')).toEqual(['read']);
    });

    it('merge with live receipts: marks only move forward, whichever arrives first', () => {
      const live = (userId: string, upToSeq: number) =>
        serverEvent('messages:read:update', {
          roomId: 'g',
          userId,
          upToMessageId: `g${upToSeq}`,
          upToSeq,
        });
      const base = reduce([
        { type: 'session/started', user: user(ME) },
        { type: 'rooms/loaded', rooms: [group] },
        serverEvent('message:new', mine(1)),
        serverEvent('message:new', mine(2)),
      ]);
      // A live receipt, then an answer computed before it: the answer does not take it back.
      const liveFirst = reduce(
        [live(CAROL, 2), synced('g', 2, [receipt(BOB, 2), receipt(CAROL, 1)])],
        base,
      );
      const answerFirst = reduce(
        [synced('g', 2, [receipt(BOB, 2), receipt(CAROL, 1)]), live(CAROL, 2)],
        base,
      );
      expect(statuses(liveFirst, 'g')).toEqual(['read', 'read']);
      expect(liveFirst.receipts.g).toEqual(answerFirst.receipts.g);
      const stale = applyEvent(liveFirst, synced('g', 2, [receipt(BOB, 0), receipt(CAROL, 0)]));
      expect(stale.receipts).toBe(liveFirst.receipts);
    });

    it("move this user's own read mark and unread count (read on another device)", () => {
      const state = start(
        serverEvent('message:new', fromBob(1)),
        serverEvent('message:new', fromBob(2)),
      );
      expect(state.rooms[ROOM]).toMatchObject({ unreadCount: 2, lastReadSeq: 0 });
      const after = applyEvent(state, synced(ROOM, 2, [receipt(ME, 2), receipt(BOB, 0, 2)]));
      expect(after.rooms[ROOM]).toMatchObject({ unreadCount: 0, lastReadSeq: 2 });
    });

    it('come with history pages too', () => {
      const state = reduce([
        { type: 'session/started', user: user(ME) },
        { type: 'rooms/loaded', rooms: [{ ...group, lastSeq: 1 }] },
        {
          type: 'history/loaded',
          roomId: 'g',
          // Loaded as `delivered`: the page's marks tell it has been read since by both.
          page: {
            messages: [{ ...mine(1), status: 'delivered' }],
            hasMore: false,
            changesCursor: '1',
            receipts: [receipt(ME, 0, 1), receipt(BOB, 1), receipt(CAROL, 1)],
          },
          before: undefined,
        },
      ]);
      expect(statuses(state, 'g')).toEqual(['read']);
    });
  });

  it('removes a room with its messages, outbox and typing', () => {
    const state = start(
      serverEvent('message:new', fromBob(1)),
      { type: 'outbox/queued', message: pending('c1') },
      serverEvent('typing:update', { roomId: ROOM, userId: BOB, isTyping: true }),
      serverEvent('room:removed', { roomId: ROOM }),
    );
    expect(state).toMatchObject({ rooms: {}, timelines: {}, outbox: {}, typing: {}, receipts: {} });
  });

  it('lists rooms by recent activity', () => {
    const state = reduce([
      {
        type: 'rooms/loaded',
        rooms: [
          room({ id: 'a', participants: [ME, BOB], lastActivityAt: at(1) }),
          room({ id: 'b', participants: [ME, 'carol'], lastActivityAt: at(2) }),
        ],
      },
      serverEvent(
        'message:new',
        message({ id: 'x', roomId: 'a', seq: 1, senderId: BOB, createdAt: at(3) }),
      ),
    ]);
    expect(selectRooms(state).map((r) => r.id)).toEqual(['a', 'b']);
  });
});

describe('applyEvent: typing and presence', () => {
  it('shows a typist until they stop, their message arrives, or the indicator lapses', () => {
    const typing = serverEvent(
      'typing:update',
      { roomId: ROOM, userId: BOB, isTyping: true },
      1000,
    );
    const state = start(typing);
    expect(selectTypingUsers(state, ROOM)).toEqual([BOB]);
    expect(
      selectTypingUsers(
        applyEvent(
          state,
          serverEvent('typing:update', { roomId: ROOM, userId: BOB, isTyping: false }),
        ),
        ROOM,
      ),
    ).toEqual([]);
    const bobsMessage = message({ id: 'm1', roomId: ROOM, seq: 1, senderId: BOB });
    expect(
      selectTypingUsers(applyEvent(state, serverEvent('message:new', bobsMessage)), ROOM),
    ).toEqual([]);
    const lapsed = applyEvent(state, {
      type: 'typing/expired',
      now: 1000 + TYPING_INDICATOR_TTL_MS,
    });
    expect(selectTypingUsers(lapsed, ROOM)).toEqual([]);
    expect(applyEvent(state, { type: 'typing/expired', now: 1001 })).toBe(state);
  });

  it('lapses an indicator about 6 s after the last `isTyping: true`, each one renewing it', () => {
    expect(TYPING_INDICATOR_TTL_MS).toBe(6_000);
    const typing = (receivedAt: number) =>
      serverEvent('typing:update', { roomId: ROOM, userId: BOB, isTyping: true }, receivedAt);
    const expired = (now: number): ChatEvent => ({ type: 'typing/expired', now });
    // The server re-announces every typing:start (about every 3 s while Bob types).
    const state = start(typing(1_000), typing(4_000), typing(7_000));
    expect(selectTypingUsers(applyEvent(state, expired(7_000)), ROOM)).toEqual([BOB]);
    // 6 s after the first and 6 s after the second announcement: still typing, thanks to the third.
    expect(selectTypingUsers(applyEvent(state, expired(10_000)), ROOM)).toEqual([BOB]);
    expect(selectTypingUsers(applyEvent(state, expired(12_999)), ROOM)).toEqual([BOB]);
    // The stop was lost: 6 s after the last announcement the indicator goes by itself.
    expect(selectTypingUsers(applyEvent(state, expired(13_000)), ROOM)).toEqual([]);
    expect(selectTypingUsers(state, ROOM, 12_999)).toEqual([BOB]);
    expect(selectTypingUsers(state, ROOM, 13_000)).toEqual([]);
  });

  it('forgets typists when the connection drops', () => {
    const state = start(
      serverEvent('typing:update', { roomId: ROOM, userId: BOB, isTyping: true }),
    );
    const dropped = applyEvent(state, {
      type: 'connection/changed',
      connection: { status: 'reconnecting' },
    });
    expect(selectTypingUsers(dropped, ROOM)).toEqual([]);
  });

  it('tracks presence', () => {
    const state = start(
      { type: 'presence/loaded', presence: [{ userId: BOB, online: false, lastSeenAt: at(1) }] },
      serverEvent('presence:update', { userId: BOB, online: true }),
    );
    expect(state.presence[BOB]).toEqual({ userId: BOB, online: true });
  });

  it('applies a presence:batch as the presence:updates it gathers, leaving others as they were', () => {
    const state = start(
      { type: 'presence/loaded', presence: [{ userId: 'dora', online: true }] },
      serverEvent('presence:update', { userId: BOB, online: true }),
      serverEvent('presence:batch', {
        updates: [
          { userId: BOB, online: false, lastSeenAt: at(2) },
          { userId: 'carol', online: true },
        ],
      }),
    );
    expect(state.presence).toEqual({
      dora: { userId: 'dora', online: true },
      [BOB]: { userId: BOB, online: false, lastSeenAt: at(2) },
      carol: { userId: 'carol', online: true },
    });
  });
});

describe('selectTimeline', () => {
  it('returns the same array while its inputs are unchanged (safe for useSyncExternalStore)', () => {
    const state = start(
      serverEvent('message:new', message({ id: 'm1', roomId: ROOM, seq: 1, senderId: BOB })),
    );
    const unrelated = applyEvent(
      state,
      serverEvent('presence:update', { userId: BOB, online: true }),
    );
    expect(selectTimeline(unrelated, ROOM)).toBe(selectTimeline(state, ROOM));
  });
});
