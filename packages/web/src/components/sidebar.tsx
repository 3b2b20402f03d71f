import type { ReactNode, Ref } from 'react';
import type { User } from '@natter/protocol';
import { Avatar } from './avatar.js';
import { Icon } from './icon.js';

interface SidebarProps {
  me: User;
  onSignOut: () => void;
  /** Opens the message search (also Ctrl/Cmd+K). */
  onSearch: () => void;
  /** Opens the user's own profile and account settings (`/settings/profile`). */
  onOpenProfile: () => void;
  profileOpen: boolean;
  /** The section switch (Chats, Inbox, Settings) when the user has more than chats. */
  nav?: ReactNode;
  /** The open section's name, a heading for screen readers ("Chats"). */
  heading: string;
  /** 1 while nothing is open beside the list (the list is the screen), else 2 under the item's. */
  headingLevel: 1 | 2;
  headingRef?: Ref<HTMLHeadingElement>;
  /** The open section's list: rooms, conversations or sites. */
  children: ReactNode;
}

/**
 * The signed-in user (a button to their profile), the section switch and the section's list under
 * its heading.
 */
export function Sidebar({
  me,
  onSignOut,
  onSearch,
  onOpenProfile,
  profileOpen,
  nav,
  heading,
  headingLevel,
  headingRef,
  children,
}: SidebarProps) {
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <aside className="sidebar">
      <header className="sidebar-header">
        <button
          type="button"
          className="me-button"
          onClick={onOpenProfile}
          aria-current={profileOpen ? 'page' : undefined}
          title="Profile and account"
        >
          <Avatar id={me.id} name={me.displayName} url={me.avatarUrl} />
          <span className="me">
            <span className="me-name">{me.displayName}</span>
            <span className="me-username">
              @{me.username}
              <span className="visually-hidden">, profile and account</span>
            </span>
          </span>
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={onSearch}
          aria-label="Search messages"
          aria-keyshortcuts="Control+K Meta+K"
          title="Search messages (Ctrl+K)"
        >
          <Icon name="search" />
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={onSignOut}
          aria-label="Sign out"
          title="Sign out"
        >
          <Icon name="logout" />
        </button>
      </header>
      {nav}
      <Heading ref={headingRef} tabIndex={-1} className="visually-hidden">
        {heading}
      </Heading>
      {children}
    </aside>
  );
}
