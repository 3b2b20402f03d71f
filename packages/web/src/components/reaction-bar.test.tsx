// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { TimelineMessage } from '@natter/client';
import { StubChatContext } from '../state/stub-chat-context.test-support.js';
import { ReactionBar } from './reaction-bar.js';

const message: TimelineMessage = {
  key: 'm:1',
  id: 'm1',
  seq: 1,
  roomId: 'r1',
  senderId: 'alice',
  sender: { id: 'alice', displayName: 'Alice' },
  type: 'text',
  content: 'lunch?',
  createdAt: '2026-11-30T12:00:00.000Z',
  status: 'sent',
  own: false,
  reactions: [
    { emoji: '👍', count: 2, userIds: ['alice', 'me'] },
    { emoji: '🎉', count: 1, userIds: ['alice'] },
  ],
};

function renderBar(shown: TimelineMessage = message) {
  const client = {
    react: vi.fn(() => Promise.resolve()),
    unreact: vi.fn(() => Promise.resolve()),
  };
  render(
    <StubChatContext client={client}>
      <ReactionBar message={shown} meId="me" />
    </StubChatContext>,
  );
  return client;
}

describe('ReactionBar', () => {
  it('shows a chip per emoji, pressed when mine, named with the count and whether I am in it', () => {
    renderBar();
    const mine = screen.getByRole('button', { name: /^👍 2:/ });
    expect(mine.getAttribute('aria-pressed')).toBe('true');
    expect(mine.getAttribute('aria-label')).toBe('👍 2: React with 👍, 2 people, including you');
    expect(screen.getByRole('button', { name: /^🎉 1:/ }).getAttribute('aria-pressed')).toBe(
      'false',
    );
  });

  it('a press takes my reaction back, or adds it', () => {
    const client = renderBar();
    fireEvent.click(screen.getByRole('button', { name: /^👍 2:/ }));
    expect(client.unreact).toHaveBeenCalledWith('m1', '👍');
    fireEvent.click(screen.getByRole('button', { name: /^🎉 1:/ }));
    expect(client.react).toHaveBeenCalledWith('m1', '🎉');
  });

  it('describes who reacted, shown on hover and hidden again by Escape', () => {
    renderBar();
    const chip = screen.getByRole('button', { name: /^👍 2:/ });
    const tooltip = document.getElementById(chip.getAttribute('aria-describedby') ?? '');
    expect(tooltip?.textContent).toBe('You and Someone reacted with 👍');
    expect(tooltip?.hidden).toBe(true);
    fireEvent.pointerEnter(chip.parentElement as HTMLElement, { pointerType: 'mouse' });
    expect(tooltip?.hidden).toBe(false);
    fireEvent.keyDown(chip, { key: 'Escape' });
    expect(tooltip?.hidden).toBe(true);
  });

  it('shows nothing for a message without reactions, or a deleted one', () => {
    renderBar({ ...message, reactions: [] });
    renderBar({ ...message, deletedAt: '2026-11-30T12:01:00.000Z' });
    expect(screen.queryByRole('group', { name: 'Reactions' })).toBeNull();
  });
});
