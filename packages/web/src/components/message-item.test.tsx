// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { TimelineMessage } from '@natter/client';
import { NatterError } from '@natter/client';
import { formatClock } from '../lib/format-time.js';
import { renderMessageItem } from './render-message-item.test-support.js';

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

describe('MessageItem', () => {
  it('shows the text as text and its status on the element and the icon', () => {
    const { view } = renderMessageItem(base);
    expect(screen.getByText('<b>not bold</b>')).toBeTruthy();
    expect(view.container.querySelector('b')).toBeNull();
    expect(screen.getByRole('article').getAttribute('data-status')).toBe('sending');
    expect(screen.getByRole('img', { name: 'Sending' })).toBeTruthy();
    // A pending message has no server id yet: nothing to reply to, edit or delete.
    expect(screen.queryByRole('button', { name: /^Reply/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^More actions/ })).toBeNull();
  });

  it('offers Retry and Discard for a failed send, by its clientId', () => {
    const failed = { ...base, status: 'failed' as const, error: new NatterError('timeout', 'x') };
    const { client } = renderMessageItem(failed);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    expect(client.retry).toHaveBeenCalledWith('abc');
    expect(client.discard).toHaveBeenCalledWith('abc');
    expect(screen.getByRole('img', { name: 'Failed' })).toBeTruthy();
  });

  it('lets me reply to, edit and delete my confirmed message, each named for it', () => {
    renderMessageItem({ ...base, id: 'm1', seq: 1, status: 'read' });
    for (const verb of ['Reply to', 'Edit', 'Delete']) {
      expect(
        screen.getByRole('button', { name: `${verb} your message: <b>not bold</b>` }),
      ).toBeTruthy();
    }
    expect(screen.getByRole('img', { name: 'Read' })).toBeTruthy();
  });

  it('says who sent a message and when, also in a direct chat where no name shows', () => {
    const { view } = renderMessageItem({
      ...base,
      own: false,
      senderId: 'alice',
      sender: { id: 'alice', displayName: 'Alice' },
      content: 'lunch?',
    });
    const clock = formatClock(base.createdAt);
    expect(screen.getByRole('article').textContent?.startsWith(`Alice, ${clock}: lunch?`)).toBe(
      true,
    );
    expect(view.container.querySelector('.message-sender')).toBeNull();
  });
});

describe('MessageItem actions menu', () => {
  const confirmed = {
    ...base,
    id: 'm1',
    seq: 1,
    status: 'read' as const,
    own: false,
    senderId: 'alice',
    sender: { id: 'alice', displayName: 'Alice' },
    content: 'lunch today?',
  };
  const more = () =>
    screen.getByRole('button', { name: 'More actions for Alice’s message: lunch today?' });

  it('opens on the first item, moves with the arrows and gives focus back on Escape', () => {
    renderMessageItem(confirmed);
    fireEvent.click(more());
    const menu = screen.getByRole('menu', { name: 'Actions for Alice’s message' });
    const items = screen.getAllByRole('menuitem').map((item) => item.textContent);
    expect(items).toEqual(['Reply', 'Add reaction', 'Reply in thread', 'Copy text']);
    expect(document.activeElement?.textContent).toBe('Reply');
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toBe('Add reaction');
    fireEvent.keyDown(menu, { key: 'ArrowUp' });
    fireEvent.keyDown(menu, { key: 'ArrowUp' });
    expect(document.activeElement?.textContent).toBe('Copy text');
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toBe('Reply');
    fireEvent.keyDown(menu, { key: 'End' });
    expect(document.activeElement?.textContent).toBe('Copy text');
    fireEvent.keyDown(menu, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(more());
    expect(more().getAttribute('aria-expanded')).toBe('false');
  });

  it('opens on the last item with Up, and runs the chosen action', () => {
    const { handlers } = renderMessageItem({ ...confirmed, own: true });
    const mine = screen.getByRole('button', { name: /^More actions for your message/ });
    fireEvent.keyDown(mine, { key: 'ArrowUp' });
    expect(document.activeElement?.textContent).toBe('Copy text');
    fireEvent.click(screen.getByRole('menuitem', { name: 'Edit' }));
    expect(handlers.onEdit).toHaveBeenCalledOnce();
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('closes on a press outside', () => {
    renderMessageItem(confirmed);
    fireEvent.click(more());
    fireEvent.pointerDown(document.body);
    expect(screen.queryByRole('menu')).toBeNull();
  });
});

describe('MessageItem reading', () => {
  const hostile = 'javascript:alert(1) JaVaScRiPt:x data:text/html,<b>x</b> &#106;avascript:x';

  it('makes the safe links of the text clickable in a new tab, and hostile strings plain text', () => {
    const { view } = renderMessageItem({
      ...base,
      content: `read https://example.com/a_(b). or [the docs](www.example.org), www.example.org, [x](javascript:alert(1)) ${hostile}`,
    });
    const anchors = [...view.container.querySelectorAll('a')];
    expect(anchors.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['https://example.com/a_(b)', 'https://example.com/a_(b)'],
      ['www.example.org', 'https://www.example.org/'],
    ]);
    for (const anchor of anchors) {
      expect(anchor.getAttribute('target')).toBe('_blank');
      expect(anchor.getAttribute('rel')).toBe('noopener noreferrer nofollow');
      expect(anchor.getAttribute('title')).toBe(anchor.getAttribute('href'));
    }
    expect(view.container.querySelector('b')).toBeNull();
    expect(view.container.querySelector('.message-text')?.textContent).toBe(
      `read https://example.com/a_(b). or [the docs](www.example.org), www.example.org, [x](javascript:alert(1)) ${hostile}`,
    );
  });

  it('renders the Markdown subset as elements, and re-renders an edit', () => {
    const content = '**b** _i_ ~~s~~ `c`\n> q\n- one\n2. two\n```\nlong line\n```';
    const { view, rerender } = renderMessageItem({ ...base, content });
    const text = view.container.querySelector('.message-text');
    const tags = (root: Element | null | undefined) =>
      [...(root?.querySelectorAll('*') ?? [])].map((element) => element.tagName.toLowerCase());
    expect(tags(text)).toEqual([
      'p',
      'strong',
      'em',
      'del',
      'code',
      'br',
      'blockquote',
      'ul',
      'li',
      'ol',
      'li',
      'pre',
      'code',
    ]);
    expect(text?.querySelector('ol')?.getAttribute('start')).toBe('2');
    expect(text?.querySelector('pre')?.tabIndex).toBe(0);

    rerender({ ...base, content: '*now* plain', editedAt: base.createdAt });
    expect(tags(view.container.querySelector('.message-text'))).toEqual(['p', 'em']);
    expect(screen.getByText('edited')).toBeTruthy();
  });

  it('shows resolved mentions as chips, mine marked, and unresolved ones as text', () => {
    renderMessageItem({
      ...base,
      own: false,
      senderId: 'alice',
      sender: { id: 'alice', displayName: 'Alice' },
      content: 'hi @Sam and @nobody, `@sam` stays code',
      mentions: ['me'],
    });
    const chip = screen.getByText('@Sam');
    expect(chip.className).toBe('mention mention--me');
    expect(screen.getByText(/and @nobody,/).tagName).toBe('P');
    expect(screen.getByText('@sam').tagName).toBe('CODE');
  });

  it('gives the time its full date on hover and to the actions of the message', () => {
    const { view } = renderMessageItem({ ...base, id: 'm1', seq: 1, status: 'read' });
    const time = view.container.querySelector('time');
    const full = new Date(base.createdAt).toLocaleString(undefined, {
      dateStyle: 'full',
      timeStyle: 'short',
    });
    expect(time?.getAttribute('dateTime')).toBe(base.createdAt);
    expect(time?.getAttribute('title')).toBe(full);
    expect(full).toContain('2026');
    const reply = screen.getByRole('button', { name: /^Reply to/ });
    const describedBy = reply.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(describedBy)?.textContent).toBe(full);
  });
});
