import type { ReactNode } from 'react';
import type { NatterClient } from '@natter/client';
import { ChatContext } from './client-context.js';
import { ProfileStore } from './profile-store.js';

/**
 * The chat context for component tests: `client` stubs only what the component under test
 * calls (tests inspect it), and the profile cache knows nobody.
 */
export function StubChatContext({ client, children }: { client: object; children: ReactNode }) {
  return (
    <ChatContext
      value={{
        client: client as unknown as NatterClient,
        profiles: new ProfileStore(async () => []),
      }}
    >
      {children}
    </ChatContext>
  );
}
