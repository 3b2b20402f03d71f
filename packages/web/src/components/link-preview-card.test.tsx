// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { TimelineMessage } from '@natter/client';
import { NatterError } from '@natter/client';
import { renderMessageItem } from './render-message-item.test-support.js';

const preview = {
  url: 'https://news.example/story',
  title: 'A story worth reading',
  description: 'What happened, and why it matters.',
  siteName: 'News Example',
  imageUrl: '/api/link-preview-images/lp-abc?expires=1&sig=x',
  imageWidth: 600,
  imageHeight: 315,
};

const message: TimelineMessage = {
  key: 'm:m1',
  id: 'm1',
  seq: 1,
  roomId: 'room',
  senderId: 'alice',
  sender: { id: 'alice', displayName: 'Alice' },
  type: 'text',
  content: 'look https://news.example/story',
  createdAt: new Date(2026, 0, 1, 9, 30).toISOString(),
  status: 'read',
  own: false,
  preview,
};

describe('LinkPreviewCard', () => {
  it('shows the site, the title as a link to the message link, the description and the image in its reserved box', () => {
    const { view } = renderMessageItem(message);
    const title = screen.getByRole('link', { name: 'A story worth reading' });
    expect(title.getAttribute('href')).toBe('https://news.example/story');
    expect(title.getAttribute('target')).toBe('_blank');
    expect(title.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(screen.getByText('News Example')).toBeTruthy();
    expect(screen.getByText('What happened, and why it matters.')).toBeTruthy();
    const image = view.container.querySelector<HTMLImageElement>('.link-preview-image');
    expect(image?.getAttribute('src')).toBe(preview.imageUrl);
    expect(image?.getAttribute('alt')).toBe('');
    expect([image?.getAttribute('width'), image?.getAttribute('height')]).toEqual(['600', '315']);
    expect(image?.style.aspectRatio).toBe('600 / 315');
    expect(view.container.querySelector('.link-preview')?.className).toContain('image-banner');
    // Not my message: nothing to remove.
    expect(screen.queryByRole('button', { name: 'Remove preview' })).toBeNull();
  });

  it('names the host when the page gave no title or site name, and shows no image without one', () => {
    const { view } = renderMessageItem({
      ...message,
      preview: { url: 'https://www.example.com/x', description: 'Only words' },
    });
    expect(screen.getByRole('link', { name: 'example.com' })).toBeTruthy();
    expect(view.container.querySelector('.link-preview-image')).toBeNull();
    expect(view.container.querySelector('.link-preview')?.className).toContain('image-none');
  });

  it('lets the author remove it, and says so when that fails', async () => {
    const own = { ...message, own: true, senderId: 'me' };
    const { client } = renderMessageItem(own);
    client.removePreview.mockRejectedValueOnce(new NatterError('unavailable', 'busy'));
    fireEvent.click(screen.getByRole('button', { name: 'Remove preview' }));
    expect(client.removePreview).toHaveBeenCalledWith('m1');
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'The server is busy. Try again in a moment.',
      ),
    );
    expect(screen.getByRole('button', { name: 'Remove preview' })).toHaveProperty(
      'disabled',
      false,
    );
  });

  it('is not shown on a deleted message', () => {
    renderMessageItem({ ...message, content: '', deletedAt: message.createdAt });
    expect(screen.queryByRole('link', { name: 'A story worth reading' })).toBeNull();
  });
});
