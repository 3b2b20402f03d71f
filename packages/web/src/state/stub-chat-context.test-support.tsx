import type { ReactNode } from 'react';
import type { NatterClient } from '@natter/client';
import { ChatContext } from './client-context.js';
import { ProfileStore } from './profile-store.js';

/**
 * The chat context for component tests: `client` stubs only what the component under test
 * calls (tests inspect it), and the profile cache knows nobody unless `profiles` is given.
 */
export function StubChatContext({
  client,
  profiles = new ProfileStore(async () => []),
  children,
}: {
  client: object;
  profiles?: ProfileStore;
  children: ReactNode;
}) {
  return (
    <ChatContext value={{ client: client as unknown as NatterClient, profiles }}>
      {children}
    </ChatContext>
  );
}
