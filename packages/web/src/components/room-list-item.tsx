import type { MouseEvent } from 'react';
import type { RoomState } from '@natter/client';
import { selectTypingUsers } from '@natter/client';
import { formatListTime } from '../lib/format-time.js';
import { roomHue } from '../lib/group-colors.js';
import { messageSummary } from '../lib/message-summary.js';
import { otherParticipants, roomTitle } from '../lib/room-title.js';
import { systemLine } from '../lib/system-line.js';
import { useChat } from '../state/client-context.js';
import { presenceDot, useKnownPresence } from '../state/use-presence.js';
import { useProfiles } from '../state/use-profiles.js';
import { Avatar } from './avatar.js';
import { Icon } from './icon.js';
import { MentionBadge } from './mention-badge.js';
import { StatusIcon } from './status-icon.js';

interface RoomListItemProps {
  room: RoomState;
  meId: string;
  active: boolean;
  onOpen: (roomId: string) => void;
}

/** One room in the list: a real link (so it can open in a new tab), handled in-app on click. */
export function RoomListItem({ room, meId, active, onOpen }: RoomListItemProps) {
  const profiles = useProfiles();
  const title = roomTitle(room, meId, profiles);
  const other = room.type === 'direct' ? otherParticipants(room, meId)[0] : undefined;
  const online = presenceDot(useKnownPresence(other), other !== undefined);
  const typing = useChat((s) => selectTypingUsers(s, room.id)).length > 0;
  const last = room.lastMessage;
  // My newest unsent message (queued offline, restored after a reload) is what the room shows.
  const unsent = useChat((s) => s.outbox[room.id]?.at(-1));

  let preview = 'No messages yet';
  if (unsent) preview = `You: ${messageSummary(unsent)}`;
  else if (last?.type === 'system') {
    // A sentence of its own ("Alice added Dave"): no "Alice: " in front.
    preview = systemLine(last, meId, (id) => profiles[id]?.displayName);
  } else if (last) {
    const body = last.deletedAt ? 'Message deleted' : messageSummary(last);
    const who =
      last.senderId === meId
        ? 'You: '
        : room.type === 'direct'
          ? ''
          : `${last.sender.displayName}: `;
    preview = who + body;
  }

  const click = (event: MouseEvent) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    onOpen(room.id);
  };

  return (
    <li>
      <a
        href={`/rooms/${encodeURIComponent(room.id)}`}
        className={active ? 'room active' : 'room'}
        aria-current={active ? 'page' : undefined}
        onClick={click}
      >
        <Avatar
          id={other ?? room.id}
          name={title}
          url={other ? profiles[other]?.avatarUrl : undefined}
          hue={roomHue(room)}
          online={online}
        />
        <span className="room-main">
          <span className="room-top">
            <span className="room-name">{title}</span>
            {room.muted && (
              <span className="room-muted" role="img" aria-label="Muted">
                <Icon name="bell-off" size={14} />
              </span>
            )}
            <time className="room-time" dateTime={unsent?.createdAt ?? room.lastActivityAt}>
              {formatListTime(
                unsent?.createdAt ?? room.lastMessage?.createdAt ?? room.lastActivityAt,
              )}
            </time>
          </span>
          <span className="room-bottom">
            {unsent && !typing && <StatusIcon status={unsent.status} />}
            <span className={typing ? 'room-preview is-typing' : 'room-preview'}>
              {typing ? 'typing…' : preview}
            </span>
            {room.mentionCount !== undefined && <MentionBadge count={room.mentionCount} />}
            {room.unreadCount > 0 && (
              <span className="badge" aria-label={`${room.unreadCount} unread`}>
                {room.unreadCount > 99 ? '99+' : room.unreadCount}
              </span>
            )}
          </span>
        </span>
      </a>
    </li>
  );
}
