import { render } from '@testing-library/react';
import { vi } from 'vitest';
import type { NatterClient, TimelineMessage } from '@natter/client';
import { ChatContext } from '../state/client-context.js';
import { ProfileStore } from '../state/profile-store.js';
import { MessageItem } from './message-item.js';

/** Renders one message as the list does, with a stub client whose calls tests can inspect. */
export function renderMessageItem(message: TimelineMessage) {
  const client = { retry: vi.fn(), discard: vi.fn(), cancelUpload: vi.fn() };
  const noop = () => undefined;
  const view = render(
    <ChatContext
      value={{
        client: client as unknown as NatterClient,
        profiles: new ProfileStore(async () => []),
      }}
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
