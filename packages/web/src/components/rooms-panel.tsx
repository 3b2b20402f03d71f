import { useMemo, useState } from 'react';
import type { Ref } from 'react';
import { selectRooms } from '@natter/client';
import { isSupportRoom } from '../lib/chat-rooms.js';
import { filterBySearchText, roomSearchText } from '../lib/room-filter.js';
import { useChat } from '../state/client-context.js';
import { useProfiles } from '../state/use-profiles.js';
import { Icon } from './icon.js';
import { NewChatDialog } from './new-chat-dialog.js';
import { NewGroupDialog } from './new-group-dialog.js';
import { RoomListItem } from './room-list-item.js';
import { RoomsFilter } from './rooms-filter.js';

interface RoomsPanelProps {
  meId: string;
  activeRoomId: string | undefined;
  onOpenRoom: (roomId: string) => void;
  /** The filter box, for the layout to focus after sign-in. */
  filterRef?: Ref<HTMLInputElement>;
}

/**
 * The "new" actions, the filter box and every chat room, most recent first (support rooms are the
 * inbox's); the filter narrows the list by room or person name.
 */
export function RoomsPanel({ meId, activeRoomId, onOpenRoom, filterRef }: RoomsPanelProps) {
  const allRooms = useChat(selectRooms);
  const rooms = useMemo(() => allRooms.filter((room) => !isSupportRoom(room)), [allRooms]);
  const status = useChat((s) => s.connection.status);
  const [dialog, setDialog] = useState<'chat' | 'group'>();
  const participantIds = useMemo(
    () => [...new Set(rooms.flatMap((r) => r.participants))].sort(),
    [rooms],
  );
  const profiles = useProfiles(participantIds);
  const [filter, setFilter] = useState('');
  const shown = useMemo(
    () => filterBySearchText(rooms, filter, (room) => roomSearchText(room, meId, profiles)),
    [rooms, filter, meId, profiles],
  );

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
      <RoomsFilter value={filter} onChange={setFilter} inputRef={filterRef} />
      <nav aria-label="Rooms" className="rooms">
        {/* Always in the page, so a screen reader hears the message when a filter empties it. */}
        <p role="status" className="rooms-empty">
          {filter.trim() !== '' && shown.length === 0 ? `No rooms match “${filter.trim()}”.` : ''}
        </p>
        {rooms.length === 0 ? (
          <p className="rooms-empty">
            {status === 'ready'
              ? 'No chats yet. “New chat” talks to one person, “New group” to several.'
              : 'Loading rooms…'}
          </p>
        ) : (
          <ul>
            {shown.map((room) => (
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
