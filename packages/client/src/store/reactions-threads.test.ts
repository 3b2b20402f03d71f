import { describe, expect, it } from 'vitest';
import type { Message } from '@natter/protocol';
import { message, reduce, room, serverEvent, user } from '../../test/helpers/fixtures.js';
import type { ChatEvent } from './actions.js';
import { applyEvent } from './apply-event.js';
import { withIntents } from './reactions-reducer.js';
import { selectThread, selectTimeline } from './selectors.js';
import type { ChatState } from './state.js';

const ME = 'me';
const BOB = 'bob';
const ROOM = 'r1';

const parent = message({ id: 'p', roomId: ROOM, seq: 1, senderId: BOB, content: 'question' });
const reply = (seq: number, id = `r${seq}`): Message =>
  message({ id, roomId: ROOM, seq, senderId: BOB, content: id, replyTo: 'p' });
const page = (messages: Message[], more = false) => ({
  messages,
  hasMore: more,
  changesCursor: '0',
  receipts: [],
  ...(more && messages[0] ? { nextCursor: String(messages[0].seq) } : {}),
});

/** Signed in, one direct room with bob, its history holding `messages`. */
function start(messages: Message[], ...events: ChatEvent[]): ChatState {
  return reduce([
    { type: 'session/started', user: user(ME) },
    { type: 'rooms/loaded', rooms: [room({ id: ROOM, participants: [ME, BOB] })] },
    { type: 'history/loaded', roomId: ROOM, page: page(messages), before: undefined },
    ...events,
  ]);
}

const held = (state: ChatState, id: string) => selectTimeline(state, ROOM).find((m) => m.id === id);

describe('copies of a message by revision', () => {
  it('keeps the higher revision, whatever order the copies arrive in', () => {
    const one = { ...parent, revision: 5, reactions: [{ emoji: '👍', count: 1, userIds: [BOB] }] };
    const two = {
      ...parent,
      revision: 7,
      reactions: [{ emoji: '👍', count: 2, userIds: [BOB, 'carol'] }],
    };
    const inOrder = start(
      [parent],
      serverEvent('message:updated', one),
      serverEvent('message:updated', two),
    );
    const reversed = start(
      [parent],
      serverEvent('message:updated', two),
      serverEvent('message:updated', one),
    );
    expect(held(reversed, 'p')?.reactions).toEqual(two.reactions);
    expect(held(inOrder, 'p')?.reactions).toEqual(two.reactions);
  });

  it('a sync answer read before a live update does not undo it', () => {
    const live = { ...parent, revision: 9, reactions: [{ emoji: '🎉', count: 1, userIds: [BOB] }] };
    const stale = { ...parent, revision: 8 };
    const state = start([parent], serverEvent('message:updated', live), {
      type: 'sync/applied',
      afterSeq: 1,
      result: {
        roomId: ROOM,
        messages: [],
        changes: [stale],
        hasMore: false,
        changesCursor: '8',
        receipts: [],
      },
    });
    expect(held(state, 'p')?.reactions).toEqual(live.reactions);
  });
});

describe('reply counts', () => {
  it('a live reply new to the store counts on its parent once; one already held does not', () => {
    const counted = start(
      [parent],
      serverEvent('message:new', reply(2)),
      serverEvent('message:new', reply(2)),
    );
    expect(held(counted, 'p')?.replyCount).toBe(1);
    const loaded = start(
      [{ ...parent, replyCount: 1, revision: 3 }, reply(2)],
      serverEvent('message:new', reply(2)),
    );
    expect(held(loaded, 'p')?.replyCount).toBe(1);
  });

  it("the server's next copy of the parent replaces the local count", () => {
    const state = start(
      [parent],
      serverEvent('message:new', reply(2)),
      serverEvent('message:new', reply(3)),
      // A reply was deleted meanwhile: the server's copy (a newer revision) says 1.
      serverEvent('message:updated', { ...parent, replyCount: 1, revision: 4 }),
    );
    expect(held(state, 'p')?.replyCount).toBe(1);
  });
});

describe('reaction intents', () => {
  const server = [{ emoji: '👍', count: 1, userIds: [BOB] }];
  it('apply over the server copy: join, add a new emoji last, take one back', () => {
    expect(withIntents(server, { '👍': true, '🎉': true }, ME)).toEqual([
      { emoji: '👍', count: 2, userIds: [BOB, ME] },
      { emoji: '🎉', count: 1, userIds: [ME] },
    ]);
    expect(
      withIntents([{ emoji: '👍', count: 1, userIds: [ME] }], { '👍': false }, ME),
    ).toBeUndefined();
    // What the server already has changes nothing, keeping the list's identity.
    expect(withIntents(server, { '👀': false }, ME)).toBe(server);
  });

  it('show in the timeline until settled, and roll back when settled without an answer', () => {
    const intended = start([parent], {
      type: 'reaction/intended',
      roomId: ROOM,
      messageId: 'p',
      emoji: '👍',
      on: true,
    });
    expect(held(intended, 'p')?.reactions).toEqual([{ emoji: '👍', count: 1, userIds: [ME] }]);
    const failed = applyEvent(intended, {
      type: 'reaction/settled',
      roomId: ROOM,
      messageId: 'p',
      emoji: '👍',
      on: true,
    });
    expect(held(failed, 'p')?.reactions).toBeUndefined();
    expect(failed.reactionIntents).toEqual({});
  });

  it('a newer opposite intent survives the answer to the older request', () => {
    const answered = {
      ...parent,
      revision: 2,
      reactions: [{ emoji: '👍', count: 1, userIds: [ME] }],
    };
    const state = start(
      [parent],
      { type: 'reaction/intended', roomId: ROOM, messageId: 'p', emoji: '👍', on: true },
      { type: 'reaction/intended', roomId: ROOM, messageId: 'p', emoji: '👍', on: false },
      {
        type: 'reaction/settled',
        roomId: ROOM,
        messageId: 'p',
        emoji: '👍',
        on: true,
        message: answered,
      },
    );
    expect(held(state, 'p')?.reactions).toBeUndefined();
    expect(state.reactionIntents[ROOM]?.p).toEqual({ '👍': false });
  });
});

describe('threads', () => {
  const opened = (messages: Message[], more: boolean, ...events: ChatEvent[]) =>
    start(
      [parent],
      {
        type: 'thread/opened',
        roomId: ROOM,
        parentId: 'p',
        parent,
        page: page(messages, more),
      },
      ...events,
    );
  const replies = (state: ChatState) => selectThread(state, 'p')?.replies.map((m) => m.id);

  it('live replies join; older pages are prepended; edits and deletes reach the copies', () => {
    const state = opened(
      [reply(5), reply(6)],
      true,
      serverEvent('message:new', reply(7)),
      { type: 'thread/extended', parentId: 'p', page: page([reply(3), reply(4)]) },
      serverEvent('message:deleted', { roomId: ROOM, messageId: 'r5' }),
    );
    expect(replies(state)).toEqual(['r3', 'r4', 'r5', 'r6', 'r7']);
    expect(selectThread(state, 'p')?.replies[2]?.deletedAt).toEqual(expect.any(String));
    expect(selectThread(state, 'p')?.hasOlder).toBe(false);
    expect(selectThread(state, 'p')?.parent?.replyCount).toBe(1);
  });

  it('a reply older than the loaded page waits while older pages remain', () => {
    const waiting = opened([reply(5)], true, serverEvent('message:new', reply(4, 'late')));
    expect(replies(waiting)).toEqual(['r5']);
    const complete = opened([reply(5)], false, serverEvent('message:new', reply(4, 'late')));
    expect(replies(complete)).toEqual(['late', 'r5']);
  });

  it('closes, and a page for a closed thread is dropped', () => {
    const state = opened(
      [reply(2)],
      true,
      { type: 'thread/closed', parentId: 'p' },
      {
        type: 'thread/extended',
        parentId: 'p',
        page: page([reply(1)]),
      },
    );
    expect(selectThread(state, 'p')).toBeUndefined();
  });
});
