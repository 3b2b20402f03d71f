import type { Message, Room } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { UnreadTally } from './unread-tally.js';

const VISITOR = 'visitor-1';
const AGENT = 'agent-1';

const room = (id: string, fields: Partial<Room> = {}): Room => ({
  id,
  type: 'support',
  participants: [VISITOR, AGENT],
  unreadCount: 0,
  lastActivityAt: '2026-11-30T08:00:00.000Z',
  lastReadSeq: 0,
  lastSeq: 0,
  visitorId: VISITOR,
  ...fields,
});

const message = (roomId: string, seq: number, senderId = AGENT, fields: Partial<Message> = {}) =>
  ({
    id: `${roomId}-${seq}`,
    roomId,
    seq,
    senderId,
    sender: { id: senderId, displayName: senderId },
    type: 'text',
    content: `message ${seq}`,
    status: 'sent',
    createdAt: '2026-11-30T08:00:00.000Z',
    ...fields,
  }) as Message;

/** A tally that has its first snapshot. */
function tallyOf(...rooms: Room[]) {
  const tally = new UnreadTally();
  tally.applySnapshot(tally.beginSnapshot(), rooms);
  return tally;
}

describe('UnreadTally', () => {
  it("sums the support rooms' unread counts and counts each new agent message", () => {
    const tally = tallyOf(
      room('a', { unreadCount: 2, lastSeq: 3 }),
      room('b', { unreadCount: 1, lastSeq: 1 }),
      room('g', { type: 'group', unreadCount: 5, lastSeq: 5, visitorId: undefined }),
    );
    expect(tally.total).toBe(3);
    expect(tally.add(message('a', 4))?.id).toBe('a-4');
    expect(tally.total).toBe(4);
  });

  it("counts neither the visitor's own messages, deleted ones, repeats, nor unknown rooms", () => {
    const tally = tallyOf(room('a', { unreadCount: 1, lastSeq: 2 }));
    expect(tally.add(message('a', 2))).toBeUndefined(); // already in the snapshot
    expect(tally.add(message('a', 3, VISITOR))).toBeUndefined();
    expect(tally.add(message('a', 4, AGENT, { deletedAt: '2026-11-30T08:01:00.000Z' }))).toBe(
      undefined,
    );
    expect(tally.add(message('zzz', 1))).toBeUndefined();
    expect(tally.total).toBe(1);
  });

  it('holds messages heard during a snapshot and counts those the snapshot had not', () => {
    const tally = new UnreadTally();
    const ticket = tally.beginSnapshot();
    expect(tally.add(message('a', 2))).toBeUndefined();
    expect(tally.add(message('a', 3))).toBeUndefined();
    expect(tally.total).toBe(0);
    // The server had stored seq 2 (counted) but not yet seq 3 when it answered.
    const news = tally.applySnapshot(ticket, [room('a', { unreadCount: 1, lastSeq: 2 })]);
    expect(news.map((m) => m.id)).toEqual(['a-3']);
    expect(tally.total).toBe(2);
  });

  it('drops an older snapshot when a newer one was asked for, holding messages until it comes', () => {
    const tally = tallyOf(room('a'));
    const older = tally.beginSnapshot();
    const newer = tally.beginSnapshot();
    tally.add(message('a', 1));
    expect(tally.applySnapshot(older, [room('a', { unreadCount: 9, lastSeq: 9 })])).toEqual([]);
    expect(tally.total).toBe(0);
    expect(tally.applySnapshot(newer, [room('a')]).map((m) => m.id)).toEqual(['a-1']);
    expect(tally.total).toBe(1);
  });

  it('knows the visitor by their rooms', () => {
    const tally = tallyOf(room('a'));
    expect(tally.isVisitor(VISITOR)).toBe(true);
    expect(tally.isVisitor(AGENT)).toBe(false);
  });
});
