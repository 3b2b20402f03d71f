import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatState } from '@natter/client';
import type { User } from '@natter/protocol';
import { isSupportRoom, unreadTotal } from '../lib/chat-rooms.js';
import { documentTitle } from '../lib/document-title.js';
import { showFaviconBadge } from '../lib/favicon-badge.js';
import { finePointer } from '../lib/pointer.js';
import { disablePush, resyncPush } from '../state/browser-push.js';
import { useChat, useClient } from '../state/client-context.js';
import { clearDrafts } from '../state/drafts.js';
import { OpenRoomTitleContext } from '../state/open-room-title.js';
import { rememberRecent } from '../state/recent-store.js';
import { SupportAccessContext } from '../state/support-access.js';
import { useLoadSupportAccess } from '../state/use-load-support-access.js';
import { useMessageSound } from '../state/use-message-sound.js';
import { useNewConversationCue } from '../state/use-new-conversation-cue.js';
import { useProfileUpdates } from '../state/use-profile-updates.js';
import { useDialogShortcut } from '../state/use-dialog-shortcut.js';
import { useProfiles } from '../state/use-profiles.js';
import { useRoomRemovedNotice } from '../state/use-room-removed-notice.js';
import { usePreloadWhenIdle } from '../state/use-preload-when-idle.js';
import { useRoute } from '../state/use-route.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { ConnectionBanner } from './connection-banner.js';
import { Conversation } from './conversation.js';
import { deferred } from './deferred.js';
import { EmptyConversation, EmptyPane } from './empty-conversation.js';
import { dialogLoading, listLoading, paneLoading } from './loading-placeholders.js';
import { RoomsPanel } from './rooms-panel.js';
import { SectionNav } from './section-nav.js';
import { Sidebar } from './sidebar.js';

// The chats list and a conversation are the first screen; the other sections, the profile page
// and the Ctrl/Cmd+K / Ctrl/Cmd+J dialogs are chunks of their own, fetched when idle (deferred.tsx).
const InboxPanel = deferred(
  () => import('./inbox-panel.js').then((m) => m.InboxPanel),
  listLoading,
);
const SupportConversation = deferred(
  () => import('./support-conversation.js').then((m) => m.SupportConversation),
  paneLoading,
);
const ProfileSettings = deferred(
  () => import('./profile-settings.js').then((m) => m.ProfileSettings),
  paneLoading,
);
const SitesPanel = deferred(
  () => import('./sites-panel.js').then((m) => m.SitesPanel),
  listLoading,
);
const SiteSettings = deferred(
  () => import('./site-settings.js').then((m) => m.SiteSettings),
  paneLoading,
);
const WebhooksPage = deferred(
  () => import('./webhooks-page.js').then((m) => m.WebhooksPage),
  paneLoading,
);
const RoomSwitcher = deferred(
  () => import('./room-switcher.js').then((m) => m.RoomSwitcher),
  dialogLoading,
);
const SearchDialog = deferred(
  () => import('./search-dialog.js').then((m) => m.SearchDialog),
  dialogLoading,
);

interface ChatLayoutProps {
  /** The user as signed in; the profile store has them as they are now (see `me` below). */
  me: User;
  /** Just signed in through the form: focus moves to the rooms (see the effect below). */
  signedInNow: boolean;
  onSignedOut: () => void;
}

/** The profile page sits beside the chats list, so that list's heading stays "Chats". */
const SECTION_HEADINGS = {
  chats: 'Chats',
  inbox: 'Inbox',
  settings: 'Settings',
  profile: 'Chats',
} as const;

/** Unread messages of chats and of support conversations, apart (the inbox has its own count). */
const unreadOf = (support: boolean) => (s: ChatState) =>
  unreadTotal(Object.values(s.rooms).filter((room) => isSupportRoom(room) === support));
const selectChatsUnread = unreadOf(false);
const selectInboxUnread = unreadOf(true);
const selectUnsent = (s: ChatState) =>
  Object.values(s.outbox).reduce((count, list) => count + list.length, 0);
const unsentWarning = (count: number) =>
  count === 1
    ? 'A message has not been sent yet. Signing out deletes it from this device.'
    : `${count} messages have not been sent yet. Signing out deletes them from this device.`;

/**
 * The section's list beside its open item (a chat, a support conversation, a site); on a phone,
 * one at a time (`data-view` drives the CSS), with the URL deciding which so back works. Every
 * screen has one `h1`: the open item's title, else the section's (visually hidden) heading.
 * Ctrl/Cmd+K opens the message search from anywhere, Ctrl/Cmd+J the room switcher.
 */
export function ChatLayout({ me: signedIn, signedInNow, onSignedOut }: ChatLayoutProps) {
  const client = useClient();
  useProfileUpdates();
  // Renamed or given a new photo here or on another device: the profile store has it first.
  const me = useProfiles()[signedIn.id] ?? signedIn;
  const [route, navigate] = useRoute();
  const access = useLoadSupportAccess();
  const chatsUnread = useChat(selectChatsUnread);
  const inboxUnread = useChat(selectInboxUnread);
  const status = useChat((s) => s.connection.status);
  const openRoomId = route.view === 'chats' || route.view === 'inbox' ? route.roomId : undefined;
  const roomKnown = useChat((s) => (openRoomId ? s.rooms[openRoomId] !== undefined : false));
  const ready = status === 'ready';
  usePreloadWhenIdle(ready);
  const canInbox = access.sites.length > 0;
  const canSettings = access.isAdmin;
  const inboxVisible = route.view === 'inbox';
  const announcement = useNewConversationCue(canInbox, inboxVisible);
  const [openRoomTitle, setOpenRoomTitle] = useState<string>();
  const unsent = useChat(selectUnsent);
  const [confirmSignOut, setConfirmSignOut] = useState(false);
  const [switcherOpen, setSwitcherOpen] = useState(false);
  const [searchOpen, setSearchOpen] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  useDialogShortcut(
    'j',
    useCallback(() => setSwitcherOpen(true), []),
  );
  useDialogShortcut(
    'k',
    useCallback(() => setSearchOpen(true), []),
  );

  // After signing in, focus leaves the vanished form for the rooms: the filter box with a mouse
  // (type a name, Enter… or Tab on to the list), the section's heading on touch (no keyboard
  // popping up). A link to a room lands in its composer instead, which focuses itself.
  // Once, when the list first shows (below): later renders must not pull focus back.
  const placedFocus = useRef(false);
  useEffect(() => {
    if (!access.loaded || placedFocus.current) return;
    placedFocus.current = true;
    if (!signedInNow || openRoomId) return;
    if (finePointer() && filterRef.current) filterRef.current.focus();
    else headingRef.current?.focus();
  }, [access.loaded, signedInNow, openRoomId]);
  const removal = useRoomRemovedNotice();

  useEffect(() => {
    document.title = documentTitle(chatsUnread, openRoomTitle);
  }, [chatsUnread, openRoomTitle]);
  useEffect(() => void showFaviconBadge(chatsUnread), [chatsUnread]);
  useEffect(
    () => () => {
      document.title = 'Natter';
      void showFaviconBadge(0);
    },
    [],
  );

  useEffect(() => void resyncPush(client.api), [client]);

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

  /**
   * This device's session is over (signed out here, or everywhere): back to signing in, leaving
   * nothing behind on a shared computer: drafts and unsent messages go too.
   */
  const endSession = () => {
    // Pushes for this account must stop reaching this browser. The server already dropped the
    // session's subscriptions with it; this drops the browser's side.
    void disablePush(client.api).catch(() => undefined);
    clearDrafts(me.id);
    void client.clearOutbox();
    client.close();
    onSignedOut();
  };
  // Unsent messages are precious: signing out with some asks first.
  const signOut = () => {
    setConfirmSignOut(false);
    client.api
      .logout()
      .catch(() => undefined)
      .finally(endSession);
  };

  const openRoom = openRoomId && roomKnown ? openRoomId : undefined;
  const openChat = route.view === 'chats' ? openRoom : undefined;
  useMessageSound(openChat);
  useEffect(() => {
    if (openChat) rememberRecent('rooms', me.id, openChat);
  }, [openChat, me.id]);
  const openSite = route.view === 'settings' ? route.siteId : undefined;
  const webhooksOpen = route.view === 'settings' && route.webhooks === true;
  const itemOpen =
    route.view === 'profile' ||
    (route.view === 'settings' ? openSite !== undefined || webhooksOpen : openRoom !== undefined);

  const roomsPanel = (
    <RoomsPanel
      meId={me.id}
      activeRoomId={openRoom}
      onOpenRoom={(roomId) => navigate({ view: 'chats', roomId })}
      filterRef={filterRef}
      onOpenSettings={() => navigate({ view: 'profile' })}
    />
  );
  let list;
  let pane;
  switch (route.view) {
    case 'chats':
      list = roomsPanel;
      pane = openRoom ? (
        <Conversation
          key={openRoom}
          roomId={openRoom}
          messageId={route.view === 'chats' ? route.messageId : undefined}
          onLatest={() => navigate({ view: 'chats', roomId: openRoom })}
          onBack={() => navigate({ view: 'chats' })}
        />
      ) : (
        <EmptyConversation me={me} onOpened={(roomId) => navigate({ view: 'chats', roomId })} />
      );
      break;
    case 'profile':
      list = roomsPanel;
      pane = (
        <ProfileSettings
          me={me}
          onBack={() => navigate({ view: 'chats' })}
          onSignedOut={endSession}
        />
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
          webhooksActive={webhooksOpen}
          onOpenWebhooks={() => navigate({ view: 'settings', webhooks: true })}
        />
      );
      pane = webhooksOpen ? (
        <WebhooksPage onBack={() => navigate({ view: 'settings' })} />
      ) : openSite ? (
        <SiteSettings
          key={openSite}
          siteId={openSite}
          me={me}
          onBack={() => navigate({ view: 'settings' })}
        />
      ) : (
        <EmptyPane
          title="Settings"
          text="Webhooks send this server's events to your other systems. Each site gets its own widget snippet, agents, settings and webhooks."
          icon="settings"
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
          onSignOut={() => (unsent > 0 ? setConfirmSignOut(true) : signOut())}
          onSearch={() => setSearchOpen(true)}
          onOpenProfile={() => navigate({ view: 'profile' })}
          profileOpen={route.view === 'profile'}
          heading={SECTION_HEADINGS[route.view]}
          headingLevel={itemOpen ? 2 : 1}
          headingRef={headingRef}
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
          {/* The section switch above the list only shows once access is known; the list waits
              for it, so nothing shifts under a pointer about to click "New group". */}
          {access.loaded ? list : <p className="rooms-empty">Loading…</p>}
        </Sidebar>
        <main className="pane">
          <OpenRoomTitleContext value={setOpenRoomTitle}>{pane}</OpenRoomTitleContext>
        </main>
        <p role="status" aria-live="polite" className="visually-hidden">
          {announcement}
        </p>
        {confirmSignOut && (
          <ConfirmDialog
            title="Sign out?"
            body={unsentWarning(unsent)}
            confirmLabel="Delete and sign out"
            onConfirm={signOut}
            onCancel={() => setConfirmSignOut(false)}
          />
        )}
        {switcherOpen && (
          <RoomSwitcher
            meId={me.id}
            onClose={() => setSwitcherOpen(false)}
            onOpen={(roomId) => {
              setSwitcherOpen(false);
              navigate({ view: 'chats', roomId });
            }}
          />
        )}
        {searchOpen && (
          <SearchDialog
            meId={me.id}
            currentRoomId={openChat}
            onClose={() => setSearchOpen(false)}
            onOpen={(roomId, messageId) => {
              setSearchOpen(false);
              // A support conversation opens in the inbox, where it lives (at its newest).
              const room = client.getState().rooms[roomId];
              navigate(
                room && isSupportRoom(room)
                  ? { view: 'inbox', roomId }
                  : { view: 'chats', roomId, messageId },
              );
            }}
          />
        )}
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
