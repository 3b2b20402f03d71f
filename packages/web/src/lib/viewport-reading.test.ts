import { describe, expect, it } from 'vitest';
import type { TimelineMessage } from '@natter/client';
import type { TimelineRow } from './timeline-rows.js';
import { readViewport } from './viewport-reading.js';

const row = (seq: number, confirmed = true): TimelineRow => {
  const message: TimelineMessage = {
    key: `m:${seq}`,
    id: confirmed ? `id-${seq}` : undefined,
    seq: confirmed ? seq : undefined,
    roomId: 'room',
    senderId: 'alice',
    sender: { id: 'alice', displayName: 'Alice' },
    type: 'text',
    content: `message ${seq}`,
    createdAt: new Date(2026, 4, 1, 9, seq).toISOString(),
    status: 'sent',
    own: false,
  };
  return { kind: 'message', key: message.key, message, groupStart: true, groupEnd: true };
};
const divider: TimelineRow = { kind: 'unread', key: 'unread' };
/** Rows of 50 px one after the other, from index `from`. */
const spans = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    index: from + i,
    start: (from + i) * 50,
    end: (from + i + 1) * 50,
  }));

describe('readViewport', () => {
  // Rows: messages 1–4, the divider (index 4), messages 5–10 (indices 5–10).
  const rows = [row(1), row(2), row(3), row(4), divider, ...[5, 6, 7, 8, 9, 10].map((s) => row(s))];

  it('takes the newest message on screen, not the ones rendered below it (overscan)', () => {
    const reading = readViewport(rows, spans(0, rows.length), { top: 200, height: 150 });
    // On screen: the divider (200–250), message 5 (250–300), message 6 (300–350).
    expect(reading.newestVisible?.seq).toBe(6);
    expect(reading.firstVisibleIndex).toBe(4);
    expect(reading.dividerAbove).toBe(false);
  });

  it('counts a row cut by the bottom edge as on screen, and one just below it as not', () => {
    expect(
      readViewport(rows, spans(0, rows.length), { top: 0, height: 101 }).newestVisible?.seq,
    ).toBe(3);
    expect(
      readViewport(rows, spans(0, rows.length), { top: 0, height: 100 }).newestVisible?.seq,
    ).toBe(2);
  });

  it('says the divider is above once scrolled past it', () => {
    expect(readViewport(rows, spans(0, rows.length), { top: 260, height: 100 }).dividerAbove).toBe(
      true,
    );
  });

  it('skips messages not confirmed yet: they cannot be marked read', () => {
    const pending = [row(1), row(2, false)];
    expect(readViewport(pending, spans(0, 2), { top: 0, height: 500 }).newestVisible?.seq).toBe(1);
  });

  it('reads nothing from an empty screen', () => {
    expect(readViewport([], [], { top: 0, height: 500 })).toEqual({
      newestVisible: undefined,
      firstVisibleIndex: undefined,
      dividerAbove: false,
    });
  });
});
