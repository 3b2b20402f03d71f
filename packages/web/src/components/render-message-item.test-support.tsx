import { render } from '@testing-library/preact';
import { vi } from 'vitest';
import type { TimelineMessage } from '@natter/client';
import { initialState } from '@natter/client';
import { StubChatContext } from '../state/stub-chat-context.test-support.js';
import { MessageItem } from './message-item.js';

/** The viewer of rendered messages (their own have `senderId: 'me'`). */
export const viewer = { id: 'me', username: 'sam', displayName: 'Me' };

/** Renders one message as the list does, with a stub client and handlers tests can inspect. */
export function renderMessageItem(message: TimelineMessage) {
  const state = { ...initialState, me: viewer };
  const client = {
    retry: vi.fn(),
    discard: vi.fn(),
    cancelUpload: vi.fn(),
    getState: () => state,
    subscribe: () => () => undefined,
    removePreview: vi.fn<(messageId: string) => Promise<unknown>>(),
  };
  const handlers = { onReply: vi.fn(), onEdit: vi.fn(), onDelete: vi.fn() };
  const noop = () => undefined;
  const tree = (shown: TimelineMessage) => (
    <StubChatContext client={client}>
      <MessageItem
        message={shown}
        meId="me"
        groupStart
        groupEnd
        showSenders={false}
        parent={undefined}
        highlighted={false}
        onReply={handlers.onReply}
        onEdit={handlers.onEdit}
        onDelete={handlers.onDelete}
        onJumpTo={noop}
        onOpenThread={noop}
      />
    </StubChatContext>
  );
  const view = render(tree(message));
  /** Shows the message as changed (an edit), in the same item. */
  const rerender = (changed: TimelineMessage) => view.rerender(tree(changed));
  return { client, handlers, view, rerender };
}
