// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/preact';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TimelineMessage } from '@natter/client';
import { FILE_TOO_LARGE_MESSAGE, NatterError } from '@natter/client';
import { renderMessageItem } from './render-message-item.test-support.js';

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

describe('MessageItem with files', () => {
  it('shows an image inline in reserved space, and opens it in a lightbox named by the file', async () => {
    renderMessageItem({
      ...base,
      attachments: [
        {
          id: 'a1',
          type: 'image',
          name: 'cat.png',
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
    // The lightbox is a chunk of its own (deferred.tsx): it shows once that has loaded.
    const dialog = await screen.findByRole('dialog', { name: 'cat.png' });
    expect(dialog.querySelector('img')?.getAttribute('src')).toBe('/files/cat.png');
  });

  it('shows other files as a card with the name as text, the size and a Download link', () => {
    const { view } = renderMessageItem({
      ...base,
      attachments: [
        {
          id: 'a2',
          type: 'file',
          name: '<b>report</b>.pdf',
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
    const { client } = renderMessageItem({
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

  const failedUpload = (error: NatterError): TimelineMessage => ({
    ...base,
    id: undefined,
    seq: undefined,
    key: 'c:c1',
    clientId: 'c1',
    own: true,
    status: 'failed',
    error,
    uploads: [{ filename: 'big.mov', mimeType: 'video/quicktime', size: 3e7, progress: 0 }],
  });

  it('explains a file that is too large, and offers only Discard (a retry is refused again)', () => {
    const { client } = renderMessageItem(failedUpload(new NatterError('payload_too_large', 'x')));
    expect(screen.getByRole('alert').textContent).toBe(FILE_TOO_LARGE_MESSAGE);
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    expect(client.discard).toHaveBeenCalledWith('c1');
  });

  it('offers Retry for an upload that failed on the way', () => {
    const { client } = renderMessageItem(failedUpload(new NatterError('network', 'x')));
    expect(screen.getByRole('alert').textContent).toBe('Upload failed');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(client.retry).toHaveBeenCalledWith('c1');
  });
});
