import { useEffect, useMemo, useState } from 'react';
import { createNatterClient, watchPageVisibility } from '@natter/client';
import type { NatterClient } from '@natter/client';
import type { User } from '@natter/protocol';
import { ChatContext } from '../state/client-context.js';
import { createIndexedDbOutboxStore } from '../state/indexeddb-outbox-store.js';
import type { ChatContextValue } from '../state/client-context.js';
import { ProfileStore } from '../state/profile-store.js';
import { ChatLayout } from './chat-layout.js';

interface ChatScreenProps {
  me: User;
  /** Just signed in through the form (not a reload): focus moves into the app. */
  signedInNow: boolean;
  onSignedOut: () => void;
}

/**
 * Owns the SDK client of one signed-in session. It is created inside the effect (not during
 * render) so that a remount never leaves a closed client behind. No token is passed: the socket
 * handshake and the REST calls carry the httpOnly session cookie, same-origin. The outbox is kept
 * in IndexedDB, so what was queued in a closed tab goes out when the app opens again.
 */
export function ChatScreen({ me, signedInNow, onSignedOut }: ChatScreenProps) {
  const [client, setClient] = useState<NatterClient>();
  const profiles = useMemo(() => {
    const store = new ProfileStore();
    store.put([me]);
    return store;
  }, [me]);

  useEffect(() => {
    const outboxStore = createIndexedDbOutboxStore();
    const next = createNatterClient({
      baseUrl: window.location.origin,
      // WebSocket from the start: one handshake instead of polling then upgrading, and no sticky
      // sessions needed when several server nodes sit behind a load balancer.
      socketOptions: { transports: ['websocket'] },
      outboxStore,
      // A tab opened in the background does not show the chat: its user still gets pushes.
      visible: document.visibilityState === 'visible',
    });
    setClient(next);
    // A refused first connect shows in `connection.status`; the SDK keeps retrying otherwise.
    next.connect().catch(() => undefined);
    const stopWatching = watchPageVisibility(next, document);
    return () => {
      stopWatching();
      next.close();
      // Signing in again on this page claims what this session left unsent.
      outboxStore.close();
    };
  }, []);

  const context = useMemo<ChatContextValue | undefined>(
    () => (client ? { client, profiles } : undefined),
    [client, profiles],
  );
  if (!context) return <div className="splash" aria-busy="true" aria-label="Loading" />;
  return (
    <ChatContext value={context}>
      <ChatLayout me={me} signedInNow={signedInNow} onSignedOut={onSignedOut} />
    </ChatContext>
  );
}
