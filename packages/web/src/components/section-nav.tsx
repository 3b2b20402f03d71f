import type { MouseEvent } from 'react';
import type { Route } from '../lib/route-path.js';
import { pathOfRoute } from '../lib/route-path.js';
import type { IconName } from '../lib/icon-paths.js';
import { Icon } from './icon.js';

interface SectionNavProps {
  current: Route['view'];
  showInbox: boolean;
  showSettings: boolean;
  chatsUnread: number;
  inboxUnread: number;
  onNavigate: (route: Route) => void;
}

/** Chats, the agents' Inbox and the admin's Settings: real links, handled in-app on click. */
export function SectionNav({
  current,
  showInbox,
  showSettings,
  chatsUnread,
  inboxUnread,
  onNavigate,
}: SectionNavProps) {
  const item = (view: Route['view'], label: string, icon: IconName, unread = 0) => {
    const route: Route = { view };
    const click = (event: MouseEvent) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      onNavigate(route);
    };
    return (
      <li>
        <a
          href={pathOfRoute(route)}
          className={current === view ? 'section-link active' : 'section-link'}
          aria-current={current === view ? 'page' : undefined}
          onClick={click}
        >
          <Icon name={icon} size={17} />
          {label}
          {unread > 0 && (
            <span className="badge" aria-label={`${unread} unread`}>
              {unread > 99 ? '99+' : unread}
            </span>
          )}
        </a>
      </li>
    );
  };
  return (
    <nav aria-label="Sections" className="section-nav">
      <ul>
        {item('chats', 'Chats', 'chat', chatsUnread)}
        {showInbox && item('inbox', 'Inbox', 'inbox', inboxUnread)}
        {showSettings && item('settings', 'Settings', 'settings')}
      </ul>
    </nav>
  );
}
