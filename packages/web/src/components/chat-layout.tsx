import { useEffect, useState } from 'react';
import type { ChatState } from '@natter/client';
import type { User } from '@natter/protocol';
import { isSupportRoom, unreadTotal } from '../lib/chat-rooms.js';
import { documentTitle } from '../lib/document-title.js';
import { useChat, useClient } from '../state/client-context.js';
import { clearDrafts } from '../state/drafts.js';
import { OpenRoomTitleContext } from '../state/open-room-title.js';
import { SupportAccessContext } from '../state/support-access.js';
import { useLoadSupportAccess } from '../state/use-load-support-access.js';
import { useNewConversationCue } from '../state/use-new-conversation-cue.js';
import { useRoomRemovedNotice } from '../state/use-room-removed-notice.js';
import { useRoute } from '../state/use-route.js';
import { ConnectionBanner } from './connection-banner.js';
import { Conversation } from './conversation.js';
import { EmptyConversation, EmptyPane } from './empty-conversation.js';
import { InboxPanel } from './inbox-panel.js';
import { RoomsPanel } from './rooms-panel.js';
import { SectionNav } from './section-nav.js';
import { Sidebar } from './sidebar.js';
import { SitesPanel } from './sites-panel.js';
import { SiteSettings } from './site-settings.js';
import { SupportConversation } from './support-conversation.js';

interface ChatLayoutProps {
  me: User;
  onSignedOut: () => void;
}

/** Unread messages of chats and of support conversations, apart (the inbox has its own count). */
const unreadOf = (support: boolean) => (s: ChatState) =>
  unreadTotal(Object.values(s.rooms).filter((room) => isSupportRoom(room) === support));
const selectChatsUnread = unreadOf(false);
const selectInboxUnread = unreadOf(true);

/**
 * The section's list beside its open item (a chat, a support conversation, a site); on a phone,
 * one at a time (`data-view` drives the CSS), with the URL deciding which so back works.
 */
export function ChatLayout({ me, onSignedOut }: ChatLayoutProps) {
  const client = useClient();
  const [route, navigate] = useRoute();
  const access = useLoadSupportAccess();
  const chatsUnread = useChat(selectChatsUnread);
  const inboxUnread = useChat(selectInboxUnread);
  const status = useChat((s) => s.connection.status);
  const openRoomId = route.view === 'settings' ? undefined : route.roomId;
  const roomKnown = useChat((s) => (openRoomId ? s.rooms[openRoomId] !== undefined : false));
  const ready = status === 'ready';
  const canInbox = access.sites.length > 0;
  const canSettings = access.isAdmin;
  const inboxVisible = route.view === 'inbox';
  const announcement = useNewConversationCue(canInbox, inboxVisible);
  const [openRoomTitle, setOpenRoomTitle] = useState<string>();
  const removal = useRoomRemovedNotice();

  useEffect(() => {
    document.title = documentTitle(chatsUnread, openRoomTitle);
  }, [chatsUnread, openRoomTitle]);
  useEffect(() => () => void (document.title = 'Natter'), []);

  // A revoked session (signed out elsewhere, expired) lands back on the sign-in screen.
  useEffect(() => {
    if (status === 'unauthorized') onSignedOut();
  }, [status, onSignedOut]);

  // A link to a room one is not (or no longer) in falls back to its list once rooms are known;
  // a link to a section one may not use falls back to the chats once access is known.
  useEffect(() => {
    if (openRoomId && ready && !roomKnown) {
      navigate(route.view === 'inbox' ? { view: 'inbox' } : { view: 'chats' });
    }
  }, [openRoomId, ready, roomKnown, navigate, route.view]);
  useEffect(() => {
    if (!access.loaded) return;
    if ((route.view === 'inbox' && !canInbox) || (route.view === 'settings' && !canSettings)) {
      navigate({ view: 'chats' });
    }
  }, [access.loaded, route.view, canInbox, canSettings, navigate]);

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

  const openRoom = openRoomId && roomKnown ? openRoomId : undefined;
  const openSite = route.view === 'settings' ? route.siteId : undefined;
  const itemOpen = route.view === 'settings' ? openSite !== undefined : openRoom !== undefined;

  let list;
  let pane;
  switch (route.view) {
    case 'chats':
      list = (
        <RoomsPanel
          meId={me.id}
          activeRoomId={openRoom}
          onOpenRoom={(roomId) => navigate({ view: 'chats', roomId })}
        />
      );
      pane = openRoom ? (
        <Conversation key={openRoom} roomId={openRoom} onBack={() => navigate({ view: 'chats' })} />
      ) : (
        <EmptyConversation />
      );
      break;
    case 'inbox':
      list = (
        <InboxPanel
          meId={me.id}
          activeRoomId={openRoom}
          onOpen={(roomId) => navigate({ view: 'inbox', roomId })}
        />
      );
      pane = openRoom ? (
        <SupportConversation
          key={openRoom}
          roomId={openRoom}
          meId={me.id}
          onBack={() => navigate({ view: 'inbox' })}
        />
      ) : (
        <EmptyPane title="Inbox" text="Pick a conversation to answer its visitor." icon="inbox" />
      );
      break;
    case 'settings':
      list = (
        <SitesPanel
          activeSiteId={openSite}
          onOpen={(siteId) => navigate({ view: 'settings', siteId })}
        />
      );
      pane = openSite ? (
        <SiteSettings
          key={openSite}
          siteId={openSite}
          me={me}
          onBack={() => navigate({ view: 'settings' })}
        />
      ) : (
        <EmptyPane
          title="Sites"
          text="Each site gets its own widget snippet, agents and settings."
          icon="globe"
        />
      );
      break;
  }

  const showNav = canInbox || canSettings;
  return (
    <SupportAccessContext value={access}>
      <div className="chat" data-view={itemOpen ? 'conversation' : 'list'}>
        <ConnectionBanner />
        <Sidebar
          me={me}
          onSignOut={signOut}
          nav={
            showNav && (
              <SectionNav
                current={route.view}
                showInbox={canInbox}
                showSettings={canSettings}
                chatsUnread={chatsUnread}
                inboxUnread={inboxUnread}
                onNavigate={navigate}
              />
            )
          }
        >
          {list}
        </Sidebar>
        <main className="pane">
          <OpenRoomTitleContext value={setOpenRoomTitle}>{pane}</OpenRoomTitleContext>
        </main>
        <p role="status" aria-live="polite" className="visually-hidden">
          {announcement}
        </p>
        <div role="status" className="toast-region">
          {removal.notice && (
            <p className="toast">
              <span>{removal.notice}</span>
              <button type="button" className="link" onClick={removal.dismiss}>
                Dismiss
              </button>
            </p>
          )}
        </div>
      </div>
    </SupportAccessContext>
  );
}
