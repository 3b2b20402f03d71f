import { useId } from 'react';
import type { ReactNode } from 'react';
import type { RoomState } from '@natter/client';
import { roomHue } from '../lib/group-colors.js';
import { presenceText } from '../lib/presence-text.js';
import { otherParticipants, roomTitle } from '../lib/room-title.js';
import { useChat } from '../state/client-context.js';
import { useReportOpenRoomTitle } from '../state/open-room-title.js';
import { presenceDot, useKnownPresence } from '../state/use-presence.js';
import { useProfiles } from '../state/use-profiles.js';
import { Avatar } from './avatar.js';
import { Icon } from './icon.js';

/** Who a conversation is with, when its members do not say it: `avatarId` colours the avatar. */
export interface ConversationHeading {
  title: string;
  subtitle: string;
  avatarId: string;
}

interface ConversationHeaderProps {
  room: RoomState;
  onBack: () => void;
  /** Given by a support room (the visitor), instead of the title and subtitle of the members. */
  heading?: ConversationHeading | undefined;
  /** Opens the conversation's details: the title becomes a button that does it. */
  onDetails?: (() => void) | undefined;
  /** Actions at the header's end. */
  children?: ReactNode;
}

/**
 * Who the conversation is with: presence ("online" / "last seen …", "last seen unknown" while the
 * connection is down) in a direct room, the members in a group. The back button only shows in
 * the phone layout. With `onDetails`, the title opens the conversation's details.
 */
export function ConversationHeader({
  room,
  onBack,
  heading,
  onDetails,
  children,
}: ConversationHeaderProps) {
  const me = useChat((s) => s.me?.id);
  const profiles = useProfiles(room.participants);
  const others = otherParticipants(room, me);
  const other = room.type === 'direct' ? others[0] : undefined;
  const presence = useKnownPresence(other);
  const online = presenceDot(presence, other !== undefined);
  const title = heading?.title ?? roomTitle(room, me, profiles);
  const detailsHintId = useId();
  useReportOpenRoomTitle(title);

  let subtitle: string;
  if (heading) {
    subtitle = heading.subtitle;
  } else if (other) {
    subtitle = presenceText(presence) ?? (profiles[other] ? `@${profiles[other].username}` : '');
  } else {
    const names = others.map((id) => profiles[id]?.displayName).filter(Boolean);
    subtitle = `${room.participants.length} members${names.length ? ` · You, ${names.join(', ')}` : ''}`;
  }

  return (
    <header className="conversation-header">
      <button
        type="button"
        className="icon-button back-button"
        onClick={onBack}
        aria-label={heading ? 'Back to the inbox' : 'Back to rooms'}
      >
        <Icon name="back" />
      </button>
      <Avatar
        id={heading?.avatarId ?? other ?? room.id}
        name={title}
        url={!heading && other ? profiles[other]?.avatarUrl : undefined}
        hue={roomHue(room)}
        online={online}
      />
      <div className="conversation-title">
        <h1>
          {onDetails ? (
            // Inside the heading, which still names just the room; the description, outside
            // it, says what the button does.
            <button
              type="button"
              className="title-button"
              aria-haspopup="dialog"
              aria-describedby={detailsHintId}
              onClick={onDetails}
            >
              {title}
            </button>
          ) : (
            title
          )}
        </h1>
        {onDetails && (
          <span id={detailsHintId} hidden>
            Shows the conversation&rsquo;s details
          </span>
        )}
        <p className={online ? 'subtitle online' : 'subtitle'}>{subtitle}</p>
      </div>
      {children && <div className="conversation-actions">{children}</div>}
    </header>
  );
}
