import { describe, expect, it } from 'vitest';
import type { TimelineMessage } from '@natter/client';
import { landingStep } from './unread-landing.js';

const message = (seq: number, own = false): TimelineMessage => ({
  key: `m:${seq}`,
  id: `id-${seq}`,
  seq,
  roomId: 'room',
  senderId: own ? 'me' : 'alice',
  sender: { id: own ? 'me' : 'alice', displayName: own ? 'Me' : 'Alice' },
  type: 'text',
  content: `message ${seq}`,
  createdAt: new Date(2026, 4, 1, 9, seq).toISOString(),
  status: 'sent',
  own,
});
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => message(from + i));

describe('landingStep', () => {
  it('opens at the bottom when nothing was unread', () => {
    expect(landingStep(range(1, 50), { unreadAfterSeq: undefined, hasOlder: true })).toBe('bottom');
  });

  it('loads older pages while the read mark is not reached: the first unread may be further back', () => {
    // 300 unread after seq 10: the newest page (251–300) holds none of the read messages.
    expect(landingStep(range(251, 300), { unreadAfterSeq: 10, hasOlder: true })).toBe('load-older');
    expect(landingStep([], { unreadAfterSeq: 10, hasOlder: true })).toBe('load-older');
  });

  it('lands on the divider once a read message is loaded', () => {
    expect(landingStep(range(10, 300), { unreadAfterSeq: 10, hasOlder: true })).toBe('divider');
  });

  it('lands on the divider when the whole history is loaded, even if nothing was ever read', () => {
    expect(landingStep(range(1, 300), { unreadAfterSeq: 0, hasOlder: false })).toBe('divider');
  });

  it('opens at the bottom when only my own messages are above the read mark', () => {
    const messages = [...range(1, 10), message(11, true), message(12, true)];
    expect(landingStep(messages, { unreadAfterSeq: 10, hasOlder: true })).toBe('bottom');
  });

  it('ignores messages still without a seq (my pending sends) when looking for the read mark', () => {
    const pending: TimelineMessage = { ...message(0, true), seq: undefined, id: undefined };
    expect(landingStep([pending], { unreadAfterSeq: 5, hasOlder: true })).toBe('load-older');
  });
});
