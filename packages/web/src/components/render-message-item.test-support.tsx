import { render } from '@testing-library/react';
import { vi } from 'vitest';
import type { TimelineMessage } from '@natter/client';
import { StubChatContext } from '../state/stub-chat-context.test-support.js';
import { MessageItem } from './message-item.js';

/** Renders one message as the list does, with a stub client whose calls tests can inspect. */
export function renderMessageItem(message: TimelineMessage) {
  const client = { retry: vi.fn(), discard: vi.fn(), cancelUpload: vi.fn() };
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
        onReply={noop}
        onEdit={noop}
        onDelete={noop}
        onJumpTo={noop}
      />
    </StubChatContext>,
  );
  return { client, view };
}
