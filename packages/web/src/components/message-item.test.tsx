// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NatterClient, TimelineMessage } from '@natter/client';
import { NatterError } from '@natter/client';
import { ChatContext } from '../state/client-context.js';
import { ProfileStore } from '../state/profile-store.js';
import { MessageItem } from './message-item.js';

afterEach(cleanup);

const base: TimelineMessage = {
  key: 'c:abc',
  clientId: 'abc',
  roomId: 'room',
  senderId: 'me',
  sender: { id: 'me', displayName: 'Me' },
  type: 'text',
  content: '<b>not bold</b>',
  createdAt: new Date(2026, 0, 1, 9, 30).toISOString(),
  status: 'sending',
  own: true,
};

function renderItem(message: TimelineMessage) {
  const client = { retry: vi.fn(), discard: vi.fn() };
  const noop = () => undefined;
  const view = render(
    <ChatContext
      value={{ client: client as unknown as NatterClient, profiles: new ProfileStore(fetch) }}
    >
      <MessageItem
        message={message}
        groupStart
        groupEnd
        showSenders={false}
        parent={undefined}
        highlighted={false}
        onReply={noop}
        onEdit={noop}
        onDelete={noop}
        onJumpTo={noop}
      />
    </ChatContext>,
  );
  return { client, view };
}

describe('MessageItem', () => {
  it('shows the text as text and its status on the element and the icon', () => {
    const { view } = renderItem(base);
    expect(screen.getByText('<b>not bold</b>')).toBeTruthy();
    expect(view.container.querySelector('b')).toBeNull();
    expect(screen.getByRole('article').getAttribute('data-status')).toBe('sending');
    expect(screen.getByRole('img', { name: 'Sending' })).toBeTruthy();
    // A pending message has no server id yet: nothing to reply to, edit or delete.
    expect(screen.queryByRole('button', { name: 'Reply' })).toBeNull();
  });

  it('offers Retry and Discard for a failed send, by its clientId', () => {
    const failed = { ...base, status: 'failed' as const, error: new NatterError('timeout', 'x') };
    const { client } = renderItem(failed);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    expect(client.retry).toHaveBeenCalledWith('abc');
    expect(client.discard).toHaveBeenCalledWith('abc');
    expect(screen.getByRole('img', { name: 'Failed' })).toBeTruthy();
  });

  it('lets me reply to, edit and delete my confirmed message', () => {
    renderItem({ ...base, id: 'm1', seq: 1, status: 'read' });
    for (const name of ['Reply', 'Edit', 'Delete']) {
      expect(screen.getByRole('button', { name })).toBeTruthy();
    }
    expect(screen.getByRole('img', { name: 'Read' })).toBeTruthy();
  });
});
