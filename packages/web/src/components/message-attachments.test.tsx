// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NatterClient, TimelineMessage } from '@natter/client';
import { NatterError } from '@natter/client';
import { ChatContext } from '../state/client-context.js';
import { ProfileStore } from '../state/profile-store.js';
import { MessageItem } from './message-item.js';

afterEach(cleanup);

beforeAll(() => {
  // jsdom has no modal dialogs: open them as plain ones.
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.open = false;
  };
});

const base: TimelineMessage = {
  key: 'm:1',
  id: 'm1',
  seq: 1,
  roomId: 'room',
  senderId: 'bob',
  sender: { id: 'bob', displayName: 'Bob' },
  type: 'file',
  content: '',
  createdAt: new Date(2026, 0, 1, 9, 30).toISOString(),
  status: 'sent',
  own: false,
};

function renderItem(message: TimelineMessage) {
  const client = { retry: vi.fn(), discard: vi.fn(), cancelUpload: vi.fn() };
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

describe('MessageItem with files', () => {
  it('shows an image inline in reserved space, and opens it in a lightbox named by the file', () => {
    renderItem({
      ...base,
      attachments: [
        {
          id: 'a1',
          filename: 'cat.png',
          mimeType: 'image/png',
          size: 2048,
          url: '/files/cat.png',
          thumbnailUrl: '/files/cat-thumb.png',
          width: 1600,
          height: 800,
        },
      ],
    });
    const img = screen.getByRole('img', { name: 'cat.png' });
    expect(img.getAttribute('src')).toBe('/files/cat-thumb.png');
    expect([img.getAttribute('width'), img.getAttribute('height')]).toEqual(['320', '160']);
    fireEvent.click(screen.getByRole('button', { name: 'Open image cat.png' }));
    const dialog = screen.getByRole('dialog', { name: 'cat.png' });
    expect(dialog.querySelector('img')?.getAttribute('src')).toBe('/files/cat.png');
  });

  it('shows other files as a card with the name as text, the size and a Download link', () => {
    const { view } = renderItem({
      ...base,
      attachments: [
        {
          id: 'a2',
          filename: '<b>report</b>.pdf',
          mimeType: 'application/pdf',
          size: 1536,
          url: '/files/report.pdf',
        },
      ],
    });
    expect(screen.getByText('<b>report</b>.pdf')).toBeTruthy();
    expect(view.container.querySelector('b')).toBeNull();
    expect(screen.getByText('1.5 KB')).toBeTruthy();
    const link = screen.getByRole('link', { name: 'Download <b>report</b>.pdf' });
    expect(link.getAttribute('href')).toBe('/files/report.pdf');
  });

  it('shows my pending upload with its preview, progress and a Cancel upload button', () => {
    const { client } = renderItem({
      ...base,
      id: undefined,
      seq: undefined,
      key: 'c:c1',
      clientId: 'c1',
      own: true,
      status: 'sending',
      uploads: [
        {
          filename: 'cat.png',
          mimeType: 'image/png',
          size: 10,
          progress: 0.4,
          previewUrl: 'blob:x',
        },
      ],
    });
    expect(screen.getByRole('img', { name: 'cat.png' }).getAttribute('src')).toBe('blob:x');
    const bar = screen.getByRole('progressbar', { name: 'Uploading cat.png' });
    expect(bar.getAttribute('value')).toBe('40');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel upload' }));
    expect(client.cancelUpload).toHaveBeenCalledWith('c1');
  });

  it('explains a file that is too large, and offers Retry', () => {
    const { client } = renderItem({
      ...base,
      id: undefined,
      seq: undefined,
      key: 'c:c1',
      clientId: 'c1',
      own: true,
      status: 'failed',
      error: new NatterError('payload_too_large', 'x'),
      uploads: [{ filename: 'big.mov', mimeType: 'video/quicktime', size: 3e7, progress: 0 }],
    });
    expect(screen.getByRole('alert').textContent).toBe('File is too large (max 25 MB)');
    expect(screen.queryByRole('progressbar')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(client.retry).toHaveBeenCalledWith('c1');
  });
});
