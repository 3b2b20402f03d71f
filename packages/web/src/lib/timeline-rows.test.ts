import { describe, expect, it } from 'vitest';
import type { TimelineMessage } from '@natter/client';
import { buildTimelineRows } from './timeline-rows.js';

let seq = 0;
function message(senderId: string, createdAt: string, extra: Partial<TimelineMessage> = {}) {
  seq += 1;
  const m: TimelineMessage = {
    key: `m:${seq}`,
    id: `id-${seq}`,
    seq,
    roomId: 'room',
    senderId,
    sender: { id: senderId, displayName: senderId },
    type: 'text',
    content: `message ${seq}`,
    createdAt,
    status: 'sent',
    own: senderId === 'me',
    ...extra,
  };
  return m;
}

const kinds = (rows: ReturnType<typeof buildTimelineRows>) =>
  rows.map((r) => (r.kind === 'message' ? r.message.content : r.kind));

describe('buildTimelineRows', () => {
  it('puts a day separator before the first message of each local day', () => {
    seq = 0;
    const rows = buildTimelineRows(
      [
        message('a', new Date(2026, 4, 1, 9, 0).toISOString()),
        message('a', new Date(2026, 4, 1, 18, 0).toISOString()),
        message('a', new Date(2026, 4, 2, 8, 0).toISOString()),
      ],
      { now: new Date(2026, 4, 2, 12, 0) },
    );
    expect(kinds(rows)).toEqual(['day', 'message 1', 'message 2', 'day', 'message 3']);
    expect(rows[0]).toMatchObject({ label: 'Yesterday' });
    expect(rows[3]).toMatchObject({ label: 'Today' });
  });

  it('groups consecutive messages of one sender within five minutes', () => {
    seq = 0;
    const at = (min: number) => new Date(2026, 4, 1, 9, min).toISOString();
    const rows = buildTimelineRows([
      message('a', at(0)),
      message('a', at(1)),
      message('b', at(2)),
      message('b', at(20)),
    ]).filter((r) => r.kind === 'message');
    expect(rows.map((r) => [r.groupStart, r.groupEnd])).toEqual([
      [true, false],
      [false, true],
      [true, true],
      [true, true],
    ]);
  });

  it('places "New messages" before the first unread message of someone else, once', () => {
    seq = 0;
    const at = new Date(2026, 4, 1, 9, 0).toISOString();
    const rows = buildTimelineRows(
      [message('a', at), message('me', at), message('a', at), message('a', at)],
      { unreadAfterSeq: 1 },
    );
    expect(kinds(rows)).toEqual([
      'day',
      'message 1',
      'message 2',
      'unread',
      'message 3',
      'message 4',
    ]);
  });

  it('has no divider when everything is read', () => {
    seq = 0;
    const at = new Date(2026, 4, 1, 9, 0).toISOString();
    const rows = buildTimelineRows([message('a', at)], { unreadAfterSeq: 1 });
    expect(rows.some((r) => r.kind === 'unread')).toBe(false);
  });

  it('sets system lines apart: they break runs and never carry the unread divider', () => {
    seq = 0;
    const at = new Date(2026, 4, 1, 9, 0).toISOString();
    const rows = buildTimelineRows(
      [message('a', at), message('a', at, { type: 'system' }), message('a', at)],
      { unreadAfterSeq: 1 },
    );
    expect(kinds(rows)).toEqual(['day', 'message 1', 'message 2', 'unread', 'message 3']);
    const runs = rows.flatMap((r) => (r.kind === 'message' ? [[r.groupStart, r.groupEnd]] : []));
    expect(runs).toEqual([
      [true, true],
      [true, true],
      [true, true],
    ]);
  });
});
