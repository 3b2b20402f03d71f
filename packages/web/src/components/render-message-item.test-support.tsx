import { render } from '@testing-library/react';
import { vi } from 'vitest';
import type { TimelineMessage } from '@natter/client';
import { StubChatContext } from '../state/stub-chat-context.test-support.js';
import { MessageItem } from './message-item.js';

/** Renders one message as the list does, with a stub client and handlers tests can inspect. */
export function renderMessageItem(message: TimelineMessage) {
  const client = {
    retry: vi.fn(),
    discard: vi.fn(),
    cancelUpload: vi.fn(),
    removePreview: vi.fn<(messageId: string) => Promise<unknown>>(),
  };
  const handlers = { onReply: vi.fn(), onEdit: vi.fn(), onDelete: vi.fn() };
  const noop = () => undefined;
  const view = render(
    <StubChatContext client={client}>
      <MessageItem
        message={message}
        groupStart
        groupEnd
        showSenders={false}
        parent={undefined}
        highlighted={false}
        onReply={handlers.onReply}
        onEdit={handlers.onEdit}
        onDelete={handlers.onDelete}
        onJumpTo={noop}
      />
    </StubChatContext>,
  );
  return { client, handlers, view };
}
