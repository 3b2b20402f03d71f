import { useId, useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { selectRooms } from '@natter/client';
import type { NatterError } from '@natter/client';
import type { SearchResult } from '@natter/protocol';
import { isSupportRoom } from '../lib/chat-rooms.js';
import { errorMessage } from '../lib/error-message.js';
import { formatFullDateTime, formatListTime } from '../lib/format-time.js';
import { roomHue } from '../lib/group-colors.js';
import { menuKey } from '../lib/menu-keys.js';
import { otherParticipants, roomTitle } from '../lib/room-title.js';
import { groupByRoom } from '../lib/search-groups.js';
import { NO_FILTERS, searchRequest } from '../lib/search-request.js';
import type { SearchFilters } from '../lib/search-request.js';
import { useChat } from '../state/client-context.js';
import { useMessageSearch } from '../state/use-message-search.js';
import type { MessageSearch } from '../state/use-message-search.js';
import { useProfiles } from '../state/use-profiles.js';
import { Avatar } from './avatar.js';
import { Icon } from './icon.js';
import { Modal } from './modal.js';
import { SearchHighlight } from './search-highlight.js';
import { SearchInput } from './search-input.js';

interface SearchDialogProps {
  meId: string;
  /** The room open behind the dialog: offered first under "In". */
  currentRoomId: string | undefined;
  onClose: () => void;
  onOpen: (roomId: string, messageId: string) => void;
}

const optionId = (listId: string, index: number) => `${listId}-result-${index}`;

/** The date filters: `after` is inclusive, `before` exclusive (the server's reading). */
const DATE_BOUNDS = [
  ['after', 'After'],
  ['before', 'Before'],
] as const;

/**
 * Ctrl/Cmd+K: message search. The box searches as one types (operators such as `from:@ann` or
 * `has:file` work in it too), the filters below narrow it, and the results come grouped by room,
 * the room with the best match first. The box is a combobox: Up/Down choose a result, Enter (or a
 * click) opens the room at that message, Esc closes (the native dialog gives focus back).
 */
export function SearchDialog({ meId, currentRoomId, onClose, onOpen }: SearchDialogProps) {
  const allRooms = useChat(selectRooms);
  const profiles = useProfiles();
  const [text, setText] = useState('');
  const [filters, setFilters] = useState<SearchFilters>(NO_FILTERS);
  const [active, setActive] = useState(0);
  // A phone shows the filters on demand: open, they would take half its screen from the results.
  const [filtersShown, setFiltersShown] = useState(false);
  const listId = useId();
  const filtersId = useId();
  const filterControlsId = useId();
  const activeFilters = Object.entries(filters).filter(
    ([name, value]) => value !== NO_FILTERS[name as keyof SearchFilters],
  ).length;

  const query = useMemo(() => searchRequest(text, filters), [text, filters]);
  const search = useMessageSearch(query);
  const groups = useMemo(() => groupByRoom(search.results), [search.results]);
  // Up/Down walk the results as they show: room by room.
  const shown = useMemo(() => groups.flatMap((group) => group.results), [groups]);
  const activeIndex = Math.min(active, shown.length - 1);

  const chats = useMemo(() => allRooms.filter((room) => !isSupportRoom(room)), [allRooms]);
  const rooms = useMemo(() => {
    const current = chats.find((room) => room.id === currentRoomId);
    return current ? [current, ...chats.filter((room) => room !== current)] : chats;
  }, [chats, currentRoomId]);
  const people = useMemo(() => {
    const inRoom = filters.roomId ? chats.filter((room) => room.id === filters.roomId) : chats;
    const ids = new Set(inRoom.flatMap((room) => room.participants));
    return [...ids]
      .map((id) => profiles[id])
      .filter((user) => user !== undefined)
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
  }, [chats, filters.roomId, profiles]);

  const change = (next: Partial<SearchFilters>) => {
    setFilters((current) => ({ ...current, ...next }));
    setActive(0);
  };
  const open = (result: SearchResult | undefined) => {
    if (result) onOpen(result.message.roomId, result.message.id);
  };
  const keyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const result = menuKey(event.key, activeIndex, shown.length);
      if (result?.kind === 'move') setActive(result.index);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      open(shown[activeIndex]);
    }
  };

  const roomName = (roomId: string) => {
    const room = allRooms.find((r) => r.id === roomId);
    return room ? roomTitle(room, meId, profiles) : 'A room';
  };
  let index = -1;

  return (
    <Modal title="Search messages" onClose={onClose} className="search-dialog">
      <div className="search-box-row">
        <SearchInput
          role="combobox"
          label="Search messages"
          aria-expanded={shown.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-describedby={filtersId}
          aria-activedescendant={shown.length > 0 ? optionId(listId, activeIndex) : undefined}
          placeholder="Search messages"
          autoFocus
          value={text}
          onChange={(value) => {
            setText(value);
            setActive(0);
          }}
          onKeyDown={keyDown}
        />
        <button
          type="button"
          className="icon-button"
          onClick={onClose}
          aria-label="Close search"
          title="Close (Esc)"
        >
          <Icon name="close" />
        </button>
      </div>
      <button
        type="button"
        className="search-filters-toggle"
        aria-expanded={filtersShown}
        aria-controls={filterControlsId}
        onClick={() => setFiltersShown((shown) => !shown)}
      >
        <Icon name="filter" />
        {activeFilters > 0 ? `Filters (${activeFilters})` : 'Filters'}
      </button>
      <fieldset
        id={filterControlsId}
        className="search-filters"
        data-shown={filtersShown || undefined}
      >
        <legend className="visually-hidden">Filters</legend>
        <label>
          <span>In</span>
          <select value={filters.roomId} onChange={(e) => change({ roomId: e.target.value })}>
            <option value="">All rooms</option>
            {rooms.map((room) => (
              <option key={room.id} value={room.id}>
                {room.id === currentRoomId
                  ? `This room (${roomTitle(room, meId, profiles)})`
                  : roomTitle(room, meId, profiles)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>From</span>
          <select value={filters.from} onChange={(e) => change({ from: e.target.value })}>
            <option value="">Anyone</option>
            {people.map((user) => (
              <option key={user.id} value={user.id}>
                {user.id === meId ? `${user.displayName} (you)` : user.displayName}
              </option>
            ))}
          </select>
        </label>
        {DATE_BOUNDS.map(([bound, label]) => (
          <label key={bound}>
            <span>{label}</span>
            <input
              type="date"
              value={filters[bound]}
              onChange={(e) => change({ [bound]: e.target.value })}
            />
          </label>
        ))}
        <label>
          <span>Order</span>
          <select
            value={filters.order}
            onChange={(e) =>
              change({ order: e.target.value === 'newest' ? 'newest' : 'relevance' })
            }
          >
            <option value="relevance">Relevance</option>
            <option value="newest">Newest</option>
          </select>
        </label>
        <label className="search-has-file">
          <input
            type="checkbox"
            checked={filters.hasFile}
            onChange={(e) => change({ hasFile: e.target.checked })}
          />
          <span>Has file</span>
        </label>
      </fieldset>
      <p id={filtersId} className="search-tips">
        Also in the box: <code>from:@name</code>, <code>has:file</code>,{' '}
        <code>after:2026-11-01</code>, <code>"a phrase"</code>, <code>-word</code>.
      </p>
      <div
        id={listId}
        role="listbox"
        aria-label="Results"
        className="search-results"
        aria-busy={search.status === 'loading' || undefined}
      >
        {groups.map((group) => {
          const name = roomName(group.roomId);
          const room = allRooms.find((r) => r.id === group.roomId);
          const other = room?.type === 'direct' ? otherParticipants(room, meId)[0] : undefined;
          return (
            <div key={group.roomId} role="group" aria-label={name} className="search-group">
              <div className="search-group-heading" aria-hidden="true">
                <Avatar
                  id={other ?? group.roomId}
                  name={name}
                  url={other ? profiles[other]?.avatarUrl : undefined}
                  hue={room ? roomHue(room) : undefined}
                  size="sm"
                />
                <span>{name}</span>
              </div>
              {group.results.map((result) => {
                index++;
                const mine = index === activeIndex;
                const { message } = result;
                return (
                  <div
                    key={message.id}
                    id={optionId(listId, index)}
                    role="option"
                    aria-selected={mine}
                    className={mine ? 'search-result selected' : 'search-result'}
                    // Keeps focus in the box, as the combobox pattern wants.
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => open(result)}
                  >
                    <span className="search-result-meta">
                      <span className="search-result-sender">{message.sender.displayName}</span>
                      <time
                        dateTime={message.createdAt}
                        title={formatFullDateTime(message.createdAt)}
                      >
                        {formatListTime(message.createdAt)}
                      </time>
                    </span>
                    <span className="search-result-text">
                      <SearchHighlight highlight={result.highlight} />
                    </span>
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
      {search.hasMore && (
        <button
          type="button"
          className="button search-more"
          onClick={search.loadMore}
          disabled={search.loadingMore}
        >
          {search.loadingMore ? 'Loading…' : 'Load more'}
        </button>
      )}
      <p role="status" className="search-status">
        {statusText(search, text)}
      </p>
    </Modal>
  );
}

/** What the live region says: the state of the search, read out as it changes. */
function statusText(search: MessageSearch, text: string): string {
  switch (search.status) {
    case 'idle':
      return 'Type a word to search the messages of your rooms.';
    case 'loading':
      return 'Searching…';
    case 'error':
      return failureText(search.error);
    case 'done':
      if (search.results.length === 0) {
        return text.trim() ? `No messages match “${text.trim()}”.` : 'No messages match.';
      }
      return search.results.length === 1
        ? '1 result'
        : `${search.results.length}${search.hasMore ? '+' : ''} results`;
  }
}

function failureText(error: NatterError | undefined): string {
  if (error?.code === 'rate_limited') {
    const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000));
    return `Too many searches. Try again in ${seconds} s.`;
  }
  if (error?.code === 'network' || error?.code === 'timeout' || error?.code === 'disconnected') {
    return 'Search is unreachable. Check your connection and try again.';
  }
  return errorMessage(error, 'Search failed. Try again.');
}
