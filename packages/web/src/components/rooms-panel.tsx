import { useMemo, useState } from 'react';
import type { Ref } from 'react';
import { selectRooms } from '@natter/client';
import { isSupportRoom } from '../lib/chat-rooms.js';
import { filterBySearchText, roomSearchText } from '../lib/room-filter.js';
import { useChat } from '../state/client-context.js';
import { useProfiles } from '../state/use-profiles.js';
import { PushInvitation } from './push-invitation.js';
import { RoomListItem } from './room-list-item.js';
import { RoomsFilter } from './rooms-filter.js';
import { StartConversationButtons } from './start-conversation-buttons.js';

interface RoomsPanelProps {
  meId: string;
  activeRoomId: string | undefined;
  onOpenRoom: (roomId: string) => void;
  /** The filter box, for the layout to focus after sign-in. */
  filterRef?: Ref<HTMLInputElement>;
  /** Opens the profile page, where the notification settings explain what the invitation could not do. */
  onOpenSettings: () => void;
}

/**
 * The "new" actions, the filter box and every chat room, most recent first (support rooms are the
 * inbox's); the filter narrows the list by room or person name.
 */
export function RoomsPanel({
  meId,
  activeRoomId,
  onOpenRoom,
  filterRef,
  onOpenSettings,
}: RoomsPanelProps) {
  const allRooms = useChat(selectRooms);
  const rooms = useMemo(() => allRooms.filter((room) => !isSupportRoom(room)), [allRooms]);
  const status = useChat((s) => s.connection.status);
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

  return (
    <>
      <StartConversationButtons
        chatLabel="New chat"
        groupLabel="New group"
        className="sidebar-actions"
        onOpened={onOpenRoom}
      />
      <RoomsFilter value={filter} onChange={setFilter} inputRef={filterRef} />
      <PushInvitation meId={meId} onOpenSettings={onOpenSettings} />
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
    </>
  );
}
