// @vitest-environment jsdom
import { screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { TimelineMessage } from '@natter/client';
import { renderMessageItem } from './render-message-item.test-support.js';

const fromBob: TimelineMessage = {
  key: 'm:1',
  id: '1',
  seq: 1,
  roomId: 'room',
  senderId: 'bob',
  sender: { id: 'bob', displayName: 'Bob' },
  type: 'text',
  content: '@maya can you look?',
  createdAt: new Date(2026, 0, 1, 9, 30).toISOString(),
  status: 'sent',
  own: false,
};

describe('a message that calls on me', () => {
  it('stands out, and says "mentions you" to screen readers', () => {
    renderMessageItem({ ...fromBob, mentions: ['me'], mentionsMe: true });
    const row = screen.getByRole('article');
    expect(row.classList.contains('mentions-me')).toBe(true);
    expect(row.textContent).toMatch(/^Bob, [^,]+, mentions you: @maya/);
  });

  it('does not when it mentions someone else', () => {
    renderMessageItem({ ...fromBob, mentions: ['carol'] });
    const row = screen.getByRole('article');
    expect(row.classList.contains('mentions-me')).toBe(false);
    expect(row.textContent).not.toContain('mentions you');
  });
});
