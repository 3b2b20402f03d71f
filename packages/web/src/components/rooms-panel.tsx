import { useMemo, useState } from 'react';
import { selectRooms } from '@natter/client';
import { isSupportRoom } from '../lib/chat-rooms.js';
import { useChat } from '../state/client-context.js';
import { useProfiles } from '../state/use-profiles.js';
import { Icon } from './icon.js';
import { NewChatDialog } from './new-chat-dialog.js';
import { NewGroupDialog } from './new-group-dialog.js';
import { RoomListItem } from './room-list-item.js';

interface RoomsPanelProps {
  meId: string;
  activeRoomId: string | undefined;
  onOpenRoom: (roomId: string) => void;
}

/** The "new" actions and every chat room, most recent first (support rooms are the inbox's). */
export function RoomsPanel({ meId, activeRoomId, onOpenRoom }: RoomsPanelProps) {
  const allRooms = useChat(selectRooms);
  const rooms = useMemo(() => allRooms.filter((room) => !isSupportRoom(room)), [allRooms]);
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
    <>
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
              ? 'No chats yet. “New chat” talks to one person, “New group” to several.'
              : 'Loading rooms…'}
          </p>
        ) : (
          <ul>
            {rooms.map((room) => (
              <RoomListItem
                key={room.id}
                room={room}
                meId={meId}
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
    </>
  );
}
