import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { EMOJI_GROUPS } from '../lib/emoji-catalogue.js';
import type { Emoji, EmojiGroup } from '../lib/emoji-search.js';
import { searchEmoji } from '../lib/emoji-search.js';
import { gridKey } from '../lib/grid-keys.js';
import { loadRecent } from '../state/recent-store.js';
import { SearchInput } from './search-input.js';

interface EmojiPanelProps {
  id: string;
  meId: string;
  onPick: (emoji: string) => void;
}

/** Cells per row: the CSS grid has as many columns. */
const COLUMNS = 8;

const byChar = new Map(EMOJI_GROUPS.flatMap((group) => group.emojis.map((e) => [e.char, e])));

/**
 * The emoji picker's content (its own lazily loaded chunk, with the emoji data): a search box,
 * the categories (the user's recent emoji first, when there are any) and one grid of emoji. The
 * grid is one Tab stop; arrows, Home and End move within it (the ARIA grid pattern), Enter or a
 * click inserts. Down from the search box enters the grid; Enter there picks the first result.
 */
export function EmojiPanel({ id, meId, onPick }: EmojiPanelProps) {
  const [query, setQuery] = useState('');
  const [recent] = useState(() =>
    loadRecent('emoji', meId).flatMap((char) => byChar.get(char) ?? []),
  );
  const groups = useMemo<EmojiGroup[]>(
    () => [...(recent.length ? [{ name: 'Recently used', emojis: recent }] : []), ...EMOJI_GROUPS],
    [recent],
  );
  const [groupIndex, setGroupIndex] = useState(0);
  const [active, setActive] = useState(0);
  const search = useRef<HTMLInputElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const focusCell = useRef(false);
  const titleId = useId();

  // The search box takes focus when the panel opens. Not `autoFocus`: React focused such an
  // element on mount, Preact leaves it to the browser, which honours the attribute only at page
  // load and in a modal <dialog>, and this panel is neither.
  useEffect(() => search.current?.focus(), []);

  const searching = query.trim() !== '';
  const shown: readonly Emoji[] = searching
    ? searchEmoji(EMOJI_GROUPS, query)
    : (groups[groupIndex]?.emojis ?? []);
  const title = searching ? 'Search results' : (groups[groupIndex]?.name ?? '');
  const activeIndex = Math.min(active, Math.max(shown.length - 1, 0));

  // Moves focus to the active cell after a key moved it (not on every render: typing stays put).
  useLayoutEffect(() => {
    if (!focusCell.current) return;
    focusCell.current = false;
    grid.current?.querySelector<HTMLButtonElement>(`[data-index="${activeIndex}"]`)?.focus();
  });

  const moveTo = (index: number) => {
    focusCell.current = true;
    setActive(index);
  };

  const gridKeyDown = (event: KeyboardEvent) => {
    const next = gridKey(event.key, activeIndex, shown.length, COLUMNS, event.ctrlKey);
    if (next === undefined) return;
    event.preventDefault();
    moveTo(next);
  };

  const searchKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' && shown.length > 0) {
      event.preventDefault();
      moveTo(0);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const first = shown[0];
      if (first) onPick(first.char);
    }
  };

  const rows: Emoji[][] = [];
  for (let i = 0; i < shown.length; i += COLUMNS) rows.push(shown.slice(i, i + COLUMNS));

  return (
    <div id={id} role="dialog" aria-label="Emoji" className="emoji-panel">
      <SearchInput
        label="Search emoji"
        placeholder="Search emoji"
        inputRef={search}
        value={query}
        onChange={(value) => {
          setQuery(value);
          setActive(0);
        }}
        onKeyDown={searchKeyDown}
      />
      <div role="group" aria-label="Categories" className="emoji-categories">
        {groups.map((group, index) => (
          <button
            key={group.name}
            type="button"
            className="emoji-category"
            aria-label={group.name}
            title={group.name}
            aria-pressed={!searching && index === groupIndex}
            onClick={() => {
              setQuery('');
              setGroupIndex(index);
              setActive(0);
            }}
          >
            <span aria-hidden="true">{group.emojis[0]?.char}</span>
          </button>
        ))}
      </div>
      <p id={titleId} className="emoji-group-title">
        {title}
      </p>
      {shown.length === 0 ? (
        <p className="emoji-empty" role="status">
          No emoji found.
        </p>
      ) : (
        <div
          ref={grid}
          role="grid"
          aria-labelledby={titleId}
          className="emoji-grid"
          onKeyDown={gridKeyDown}
        >
          {rows.map((row, r) => (
            <div role="row" key={r} className="emoji-row">
              {row.map((emoji, c) => {
                const index = r * COLUMNS + c;
                return (
                  <span role="gridcell" key={emoji.char}>
                    <button
                      type="button"
                      className="emoji-cell"
                      data-index={index}
                      tabIndex={index === activeIndex ? 0 : -1}
                      aria-label={emoji.name}
                      title={emoji.name}
                      onClick={() => onPick(emoji.char)}
                      onFocus={() => setActive(index)}
                    >
                      {emoji.char}
                    </button>
                  </span>
                );
              })}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
