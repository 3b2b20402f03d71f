import type { Message, MessagesPage } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { message, reduce, room, serverEvent, user } from '../../test/helpers/fixtures.js';
import type { ChatEvent } from './actions.js';
import { selectTimeline, selectWindow } from './selectors.js';
import type { ChatState } from './state.js';

const ROOM = 'r1';
const LAST = 1000;

const msg = (seq: number, fields: Partial<Message> = {}) =>
  message({ id: `m${seq}`, roomId: ROOM, seq, senderId: 'bob', ...fields });
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => msg(from + i));

/** A page of seqs from..to, as `messages:load` answers it. */
function page(from: number, to: number, fields: Partial<MessagesPage> = {}): MessagesPage {
  return {
    messages: range(from, to),
    hasMore: from > 1,
    nextCursor: from > 1 ? `before-${from}` : undefined,
    hasNewer: to < LAST,
    newerCursor: to < LAST ? `after-${to}` : undefined,
    changesCursor: 'changes',
    receipts: [],
    ...fields,
  };
}

/** Signed in, in a room of 1,000 messages whose newest page (951..1000) is loaded. */
function start(...events: ChatEvent[]): ChatState {
  return reduce([
    { type: 'session/started', user: user('me') },
    {
      type: 'rooms/loaded',
      rooms: [room({ id: ROOM, participants: ['me', 'bob'], lastSeq: LAST })],
    },
    {
      type: 'history/loaded',
      roomId: ROOM,
      page: page(951, LAST, { hasNewer: undefined, newerCursor: undefined }),
      before: undefined,
    },
    ...events,
  ]);
}

const opened = (from: number, to: number): ChatEvent => ({
  type: 'window/opened',
  roomId: ROOM,
  anchorId: 'm100',
  page: page(from, to),
});
const newer = (from: number, to: number, anchorId = 'm100'): ChatEvent => ({
  type: 'window/extended',
  roomId: ROOM,
  anchorId,
  direction: 'newer',
  page: page(from, to),
});
const seqs = (rows: readonly { seq?: number | undefined }[] | undefined) => rows?.map((r) => r.seq);

describe('a history window opened far back in a room', () => {
  it('shows the messages around the anchor apart from the live timeline', () => {
    const state = start(opened(75, 125));
    expect(seqs(selectWindow(state, ROOM))).toEqual(range(75, 125).map((m) => m.seq));
    expect(selectTimeline(state, ROOM)[0]?.seq).toBe(951);
    expect(state.windows[ROOM]).toMatchObject({
      olderCursor: 'before-75',
      newerCursor: 'after-125',
    });
  });

  it('keeps live messages in the live tail, never in the gap after the window', () => {
    const state = start(opened(75, 125), serverEvent('message:new', msg(1001)));
    expect(selectWindow(state, ROOM)?.at(-1)?.seq).toBe(125);
    expect(selectTimeline(state, ROOM).at(-1)?.seq).toBe(1001);
  });

  it('grows both ways, and drops a page for a window no longer shown', () => {
    const state = start(
      opened(75, 125),
      {
        type: 'window/extended',
        roomId: ROOM,
        anchorId: 'm100',
        direction: 'older',
        page: page(25, 74),
      },
      newer(126, 175),
      newer(176, 225, 'm5'),
    );
    const window = selectWindow(state, ROOM);
    expect(window?.[0]?.seq).toBe(25);
    expect(window?.at(-1)?.seq).toBe(175);
    expect(state.windows[ROOM]?.newerCursor).toBe('after-175');
  });

  it('joins the live tail once no newer page remains, keeping live messages that came meanwhile', () => {
    const state = start(
      opened(850, 900),
      serverEvent('message:new', msg(1001)),
      newer(901, 950),
      newer(951, LAST),
    );
    expect(selectWindow(state, ROOM)).toBeUndefined();
    expect(seqs(selectTimeline(state, ROOM))).toEqual(range(850, 1001).map((m) => m.seq));
    expect(state.timelines[ROOM]).toMatchObject({
      syncedSeq: 1001,
      olderCursor: 'before-850',
      hasOlder: true,
    });
  });

  it('joins at once when the page around the message already reaches the newest', () => {
    const state = start(opened(960, LAST));
    expect(selectWindow(state, ROOM)).toBeUndefined();
    expect(selectTimeline(state, ROOM)[0]?.seq).toBe(951);
    expect(state.timelines[ROOM]?.olderCursor).toBe('before-951');
  });

  it('applies edits and deletions to its messages', () => {
    const state = start(
      opened(75, 125),
      serverEvent('message:updated', msg(100, { content: 'edited', editedAt: msg(200).createdAt })),
      serverEvent('message:deleted', { roomId: ROOM, messageId: 'm101' }),
    );
    const window = selectWindow(state, ROOM);
    expect(window?.find((m) => m.id === 'm100')?.content).toBe('edited');
    expect(window?.find((m) => m.id === 'm101')?.deletedAt).toBeDefined();
  });

  it('is gone after "jump to latest" and when the room goes', () => {
    expect(start(opened(75, 125), { type: 'window/closed', roomId: ROOM }).windows).toEqual({});
    expect(start(opened(75, 125), { type: 'room/left', roomId: ROOM }).windows).toEqual({});
  });
});
