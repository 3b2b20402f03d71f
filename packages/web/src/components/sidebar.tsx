import { useMemo, useState } from 'react';
import { selectRooms } from '@natter/client';
import type { User } from '@natter/protocol';
import { useChat } from '../state/client-context.js';
import { useProfiles } from '../state/use-profiles.js';
import { Avatar } from './avatar.js';
import { Icon } from './icon.js';
import { NewChatDialog } from './new-chat-dialog.js';
import { NewGroupDialog } from './new-group-dialog.js';
import { RoomListItem } from './room-list-item.js';

interface SidebarProps {
  me: User;
  activeRoomId: string | undefined;
  onOpenRoom: (roomId: string) => void;
  onSignOut: () => void;
}

/** The signed-in user, the "new" actions and every room, most recent first. */
export function Sidebar({ me, activeRoomId, onOpenRoom, onSignOut }: SidebarProps) {
  const rooms = useChat(selectRooms);
  const status = useChat((s) => s.connection.status);
  const [dialog, setDialog] = useState<'chat' | 'group'>();
  const participantIds = useMemo(
    () => [...new Set(rooms.flatMap((r) => r.participants))].sort(),
    [rooms],
  );
  useProfiles(participantIds);

  const opened = (roomId: string) => {
    setDialog(undefined);
    onOpenRoom(roomId);
  };

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
      <div className="sidebar-actions">
        <button type="button" className="button primary" onClick={() => setDialog('chat')}>
          <Icon name="compose" size={18} />
          New chat
        </button>
        <button type="button" className="button" onClick={() => setDialog('group')}>
          <Icon name="users" size={18} />
          New group
        </button>
      </div>
      <nav aria-label="Rooms" className="rooms">
        {rooms.length === 0 ? (
          <p className="rooms-empty">
            {status === 'ready'
              ? 'No conversations yet. Start one with “New chat”.'
              : 'Loading rooms…'}
          </p>
        ) : (
          <ul>
            {rooms.map((room) => (
              <RoomListItem
                key={room.id}
                room={room}
                meId={me.id}
                active={room.id === activeRoomId}
                onOpen={onOpenRoom}
              />
            ))}
          </ul>
        )}
      </nav>
      {dialog === 'chat' && (
        <NewChatDialog onClose={() => setDialog(undefined)} onOpened={opened} />
      )}
      {dialog === 'group' && (
        <NewGroupDialog onClose={() => setDialog(undefined)} onCreated={opened} />
      )}
    </aside>
  );
}
