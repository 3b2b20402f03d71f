import { describe, expect, it } from 'vitest';
import type { TimelineMessage } from '@natter/client';
import { formatClock } from './format-time.js';
import {
  firstWords,
  messageActionLabels,
  messageAnnouncement,
  replyCountText,
} from './message-labels.js';

const alice: TimelineMessage = {
  key: 'm1',
  id: 'm1',
  roomId: 'r',
  senderId: 'alice',
  sender: { id: 'alice', displayName: 'Alice' },
  type: 'text',
  content: 'lunch today at the usual place near the station?',
  createdAt: new Date(2026, 0, 1, 10, 42).toISOString(),
  status: 'sent',
  own: false,
};

describe('message labels', () => {
  it('announce the sender and the time, "You" for my own', () => {
    const clock = formatClock(alice.createdAt);
    expect(messageAnnouncement(alice)).toBe(`Alice, ${clock}`);
    expect(messageAnnouncement({ ...alice, own: true })).toBe(`You, ${clock}`);
  });

  it('name each action for its message by the first words', () => {
    const labels = messageActionLabels(alice);
    expect(labels.reply).toBe('Reply to Alice: lunch today at the usual place…');
    expect(labels.more).toBe('More actions for Alice’s message: lunch today at the usual place…');
    expect(labels.menu).toBe('Actions for Alice’s message');
    const mine = messageActionLabels({ ...alice, own: true, content: 'see you at 5' });
    expect(mine.reply).toBe('Reply to your message: see you at 5');
    expect(mine.edit).toBe('Edit your message: see you at 5');
    expect(mine.delete).toBe('Delete your message: see you at 5');
  });

  it('name a message without text by what it carries', () => {
    const photo = { ...alice, type: 'image' as const, content: '' };
    expect(messageActionLabels(photo).reply).toBe('Reply to Alice: Photo');
  });

  it('cut long words and text short, on one line', () => {
    expect(firstWords('short')).toBe('short');
    expect(firstWords('one\ntwo   three')).toBe('one two three');
    expect(firstWords('x'.repeat(100))).toBe(`${'x'.repeat(40)}…`);
    expect(firstWords('a b c d e f g')).toBe('a b c d e f…');
  });
});

describe('replyCountText', () => {
  it('counts replies', () => {
    expect(replyCountText(1)).toBe('1 reply');
    expect(replyCountText(12)).toBe('12 replies');
  });
});
