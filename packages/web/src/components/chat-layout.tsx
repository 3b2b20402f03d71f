import { useEffect } from 'react';
import { selectUnreadTotal } from '@natter/client';
import type { User } from '@natter/protocol';
import { useChat, useClient } from '../state/client-context.js';
import { clearDrafts } from '../state/drafts.js';
import { useRoute } from '../state/use-route.js';
import { ConnectionBanner } from './connection-banner.js';
import { Conversation } from './conversation.js';
import { EmptyConversation } from './empty-conversation.js';
import { Sidebar } from './sidebar.js';

interface ChatLayoutProps {
  me: User;
  onSignedOut: () => void;
}

/**
 * Rooms beside the open conversation; on a phone, one at a time (`data-view` drives the CSS), with
 * the URL deciding which so the back button works.
 */
export function ChatLayout({ me, onSignedOut }: ChatLayoutProps) {
  const client = useClient();
  const [roomId, navigate] = useRoute();
  const unread = useChat(selectUnreadTotal);
  const status = useChat((s) => s.connection.status);
  const roomKnown = useChat((s) => (roomId ? s.rooms[roomId] !== undefined : false));
  const ready = status === 'ready';

  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Natter` : 'Natter';
  }, [unread]);
  useEffect(() => () => void (document.title = 'Natter'), []);

  // A revoked session (signed out elsewhere, expired) lands back on the sign-in screen.
  useEffect(() => {
    if (status === 'unauthorized') onSignedOut();
  }, [status, onSignedOut]);

  // A link to a room one is not (or no longer) in falls back to the list once rooms are known.
  useEffect(() => {
    if (roomId && ready && !roomKnown) navigate(undefined);
  }, [roomId, ready, roomKnown, navigate]);

  const signOut = () => {
    client.api
      .logout()
      .catch(() => undefined)
      .finally(() => {
        clearDrafts(me.id);
        client.close();
        onSignedOut();
      });
  };

  const open = roomId && roomKnown ? roomId : undefined;
  return (
    <div className="chat" data-view={open ? 'conversation' : 'list'}>
      <ConnectionBanner />
      <Sidebar me={me} activeRoomId={open} onOpenRoom={navigate} onSignOut={signOut} />
      <main className="pane">
        {open ? (
          <Conversation key={open} roomId={open} onBack={() => navigate(undefined)} />
        ) : (
          <EmptyConversation />
        )}
      </main>
    </div>
  );
}
