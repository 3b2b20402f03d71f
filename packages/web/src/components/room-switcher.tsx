import { useId, useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { selectRooms } from '@natter/client';
import { isSupportRoom } from '../lib/chat-rooms.js';
import { menuKey } from '../lib/menu-keys.js';
import { filterBySearchText, recentFirst, roomSearchText } from '../lib/room-filter.js';
import { otherParticipants, roomTitle } from '../lib/room-title.js';
import { useChat } from '../state/client-context.js';
import { loadRecent } from '../state/recent-store.js';
import { useProfiles } from '../state/use-profiles.js';
import { Avatar } from './avatar.js';
import { Modal } from './modal.js';
import { SearchInput } from './search-input.js';

interface RoomSwitcherProps {
  meId: string;
  onClose: () => void;
  onOpen: (roomId: string) => void;
}

/** How many rooms the switcher lists at most: it is for jumping, the rooms list is for browsing. */
const MAX_SHOWN = 50;

const optionId = (listId: string, index: number) => `${listId}-option-${index}`;

/**
 * Ctrl/Cmd+J: a dialog with a combobox over the chat rooms, the ones opened recently first. Typing
 * filters by room or person name, Up/Down choose, Enter (or a click) opens, Esc closes (the
 * native dialog gives focus back to where it was). The textbox keeps focus and points at the
 * chosen option with aria-activedescendant.
 */
export function RoomSwitcher({ meId, onClose, onOpen }: RoomSwitcherProps) {
  const allRooms = useChat(selectRooms);
  const profiles = useProfiles();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const [recent] = useState(() => loadRecent('rooms', meId));

  const matches = useMemo(() => {
    const chats = recentFirst(
      allRooms.filter((room) => !isSupportRoom(room)),
      recent,
    );
    return filterBySearchText(chats, query, (room) => roomSearchText(room, meId, profiles)).slice(
      0,
      MAX_SHOWN,
    );
  }, [allRooms, recent, query, meId, profiles]);
  const activeIndex = Math.min(active, matches.length - 1);

  const keyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const result = menuKey(event.key, activeIndex, matches.length);
      if (result?.kind === 'move') setActive(result.index);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const room = matches[activeIndex];
      if (room) onOpen(room.id);
    }
  };

  return (
    <Modal title="Jump to a room" onClose={onClose}>
      <SearchInput
        role="combobox"
        label="Room or person"
        aria-expanded={matches.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={matches.length > 0 ? optionId(listId, activeIndex) : undefined}
        placeholder="Type a room or person’s name"
        autoFocus
        value={query}
        onChange={(value) => {
          setQuery(value);
          setActive(0);
        }}
        onKeyDown={keyDown}
      />
      <ul id={listId} role="listbox" aria-label="Rooms" className="user-results switcher-list">
        {matches.map((room, index) => {
          const title = roomTitle(room, meId, profiles);
          const other = room.type === 'direct' ? otherParticipants(room, meId)[0] : undefined;
          const username = other ? profiles[other]?.username : undefined;
          return (
            <li
              key={room.id}
              id={optionId(listId, index)}
              role="option"
              aria-selected={index === activeIndex}
              className={index === activeIndex ? 'user-result selected' : 'user-result'}
              // Keeps focus in the textbox, as the combobox pattern wants.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => onOpen(room.id)}
            >
              <Avatar id={other ?? room.id} name={title} size="sm" />
              <span className="user-result-names">
                <span className="user-result-name">{title}</span>
                <span className="user-result-username">
                  {username ? `@${username}` : `${room.participants.length} members`}
                </span>
              </span>
            </li>
          );
        })}
      </ul>
      <p role="status" className="rooms-empty">
        {matches.length === 0 ? `No rooms match “${query.trim()}”.` : ''}
      </p>
    </Modal>
  );
}
