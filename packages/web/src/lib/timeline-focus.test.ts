import { describe, expect, it } from 'vitest';
import type { TimelineMessage } from '@natter/client';
import { focusTarget, isTimelineKey } from './timeline-focus.js';
import type { TimelineRow } from './timeline-rows.js';

const message = (n: number): TimelineRow => ({
  kind: 'message',
  key: `m:${n}`,
  message: { key: `m:${n}` } as TimelineMessage,
  groupStart: true,
  groupEnd: true,
});
// day, m1, m2, divider, m3, day, m4
const rows: TimelineRow[] = [
  { kind: 'day', key: 'day:1', label: 'Monday' },
  message(1),
  message(2),
  { kind: 'unread', key: 'unread' },
  message(3),
  { kind: 'day', key: 'day:2', label: 'Today' },
  message(4),
];

describe('focusTarget', () => {
  it('moves up and down between messages, over separators and the divider', () => {
    expect(focusTarget(rows, 2, 'ArrowDown')).toBe(4);
    expect(focusTarget(rows, 4, 'ArrowDown')).toBe(6);
    expect(focusTarget(rows, 6, 'ArrowUp')).toBe(4);
    expect(focusTarget(rows, 4, 'ArrowUp')).toBe(2);
  });

  it('stays put at either end', () => {
    expect(focusTarget(rows, 1, 'ArrowUp')).toBeUndefined();
    expect(focusTarget(rows, 6, 'ArrowDown')).toBeUndefined();
  });

  it('goes to the first and last loaded message with Home and End', () => {
    expect(focusTarget(rows, 4, 'Home')).toBe(1);
    expect(focusTarget(rows, 4, 'End')).toBe(6);
    expect(focusTarget(rows, 6, 'End')).toBeUndefined();
  });

  it('has nowhere to go in a timeline without messages', () => {
    expect(focusTarget([{ kind: 'day', key: 'd', label: 'Today' }], 0, 'End')).toBeUndefined();
  });
});

describe('isTimelineKey', () => {
  it('knows the arrows, Home and End, and nothing else', () => {
    expect(['ArrowUp', 'ArrowDown', 'Home', 'End'].every(isTimelineKey)).toBe(true);
    expect(isTimelineKey('Enter')).toBe(false);
    expect(isTimelineKey('ArrowLeft')).toBe(false);
  });
});
