import type { MouseEvent } from 'react';
import type { Conversation } from '@natter/protocol';
import { formatListTime } from '../lib/format-time.js';
import { visitorLabel } from '../lib/inbox-filter.js';
import { messageSummary } from '../lib/message-summary.js';
import { waitingPhrase } from '../lib/waiting-phrase.js';
import { useChat } from '../state/client-context.js';
import { Avatar } from './avatar.js';

interface InboxRowProps {
  conversation: Conversation;
  /** Shown when the agent serves several sites. */
  siteName: string | undefined;
  assigneeName: string | undefined;
  active: boolean;
  now: number;
  onOpen: (roomId: string) => void;
}

/** One conversation in the inbox: who, where, what they said last, how long they have waited. */
export function InboxRow({
  conversation,
  siteName,
  assigneeName,
  active,
  now,
  onOpen,
}: InboxRowProps) {
  const room = useChat((s) => s.rooms[conversation.roomId]);
  const me = useChat((s) => s.me?.id);
  const name = visitorLabel(conversation);
  const last = room?.lastMessage;
  const preview = last
    ? (last.senderId === me ? 'You: ' : '') +
      (last.deletedAt ? 'Message deleted' : messageSummary(last))
    : 'No messages yet';
  const unread = room?.unreadCount ?? 0;
  const activity = room?.lastActivityAt ?? conversation.lastActivityAt;

  const click = (event: MouseEvent) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    onOpen(conversation.roomId);
  };

  return (
    <li>
      <a
        href={`/inbox/${encodeURIComponent(conversation.roomId)}`}
        className={active ? 'room inbox-row active' : 'room inbox-row'}
        aria-current={active ? 'page' : undefined}
        onClick={click}
      >
        <Avatar id={conversation.visitor.id} name={name} />
        <span className="room-main">
          <span className="room-top">
            <span className="room-name">{name}</span>
            <time className="room-time" dateTime={activity}>
              {formatListTime(activity, new Date(now))}
            </time>
          </span>
          <span className="room-bottom">
            <span className="room-preview">{preview}</span>
            {unread > 0 && (
              <span className="badge" aria-label={`${unread} unread`}>
                {unread > 99 ? '99+' : unread}
              </span>
            )}
          </span>
          <span className="inbox-meta">
            {conversation.waitingSince && conversation.status !== 'resolved' && (
              <span className="waiting">{waitingPhrase(conversation.waitingSince, now)}</span>
            )}
            {siteName && <span className="inbox-site">{siteName}</span>}
            <span className="inbox-assignee">{assigneeName ?? 'Unassigned'}</span>
          </span>
        </span>
      </a>
    </li>
  );
}
