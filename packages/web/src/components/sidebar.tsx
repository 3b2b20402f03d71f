import type { ReactNode } from 'react';
import type { User } from '@natter/protocol';
import { Avatar } from './avatar.js';
import { Icon } from './icon.js';

interface SidebarProps {
  me: User;
  onSignOut: () => void;
  /** The section switch (Chats, Inbox, Settings) when the user has more than chats. */
  nav?: ReactNode;
  /** The open section's list: rooms, conversations or sites. */
  children: ReactNode;
}

/** The signed-in user, the section switch and the open section's list. */
export function Sidebar({ me, onSignOut, nav, children }: SidebarProps) {
  return (
    <aside className="sidebar">
      <header className="sidebar-header">
        <Avatar id={me.id} name={me.displayName} />
        <div className="me">
          <span className="me-name">{me.displayName}</span>
          <span className="me-username">@{me.username}</span>
        </div>
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
      {children}
    </aside>
  );
}
