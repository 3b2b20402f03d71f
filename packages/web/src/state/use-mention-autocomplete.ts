import { useId, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { User } from '@natter/protocol';
import { suggestionOptionId } from '../components/suggestion-list.js';
import { insertMention, mentionQueryAt } from '../lib/mention-query.js';
import type { MentionSuggestion } from '../lib/mention-suggestions.js';
import { mayCallGroup, mentionSuggestions, mentionText } from '../lib/mention-suggestions.js';
import { suggestionKey } from '../lib/suggestion-keys.js';
import { useChat } from './client-context.js';
import { useProfiles } from './use-profiles.js';

export interface MentionAutocomplete {
  /** The listbox's id, for `aria-controls`. */
  listId: string;
  /** Whether the list shows (something matches, and Escape has not closed it for this text). */
  open: boolean;
  suggestions: readonly MentionSuggestion[];
  activeIndex: number;
  /** The active option's id, for `aria-activedescendant`. */
  activeOptionId: string | undefined;
  pick: (suggestion: MentionSuggestion) => void;
  /** Handles the list's keys while it is open; answers whether the key was its. */
  key: (event: KeyboardEvent<HTMLTextAreaElement>) => boolean;
}

/**
 * The composer's `@` autocomplete: while the caret follows an `@name`, the room's members who
 * match (and `@all`/`@here` where the user may call the group). Up and Down choose (wrapping),
 * Enter or Tab insert `@username `, Escape closes the list until the text changes. `insert` puts
 * the new text in the box with the caret after the mention.
 */
export function useMentionAutocomplete(options: {
  roomId: string;
  meId: string;
  text: string;
  caret: number;
  /** Closed meanwhile (another list has the keys). */
  disabled: boolean;
  insert: (next: { text: string; caret: number }) => void;
}): MentionAutocomplete {
  const { roomId, meId, text, caret, disabled, insert } = options;
  const listId = useId();
  const room = useChat((s) => s.rooms[roomId]);
  const profiles = useProfiles(room?.participants);
  // The active option belongs to the query it was chosen in: typing on starts from the top.
  const [active, setActive] = useState({ query: '', index: 0 });
  const [dismissedAt, setDismissedAt] = useState<string>();
  const mention = disabled ? undefined : mentionQueryAt(text, caret);
  const members = (room?.participants ?? [])
    .map((id) => profiles[id])
    .filter((user): user is User => user !== undefined);
  const suggestions =
    mention && room
      ? mentionSuggestions(mention.query, members, { meId, groupWords: mayCallGroup(room, meId) })
      : [];
  const open = suggestions.length > 0 && dismissedAt !== text;
  const query = mention?.query ?? '';
  const activeIndex = Math.min(active.query === query ? active.index : 0, suggestions.length - 1);
  const choose = (index: number) => setActive({ query, index });

  const pick = (suggestion: MentionSuggestion) => {
    if (!mention) return;
    choose(0);
    insert(insertMention(text, caret, mention, mentionText(suggestion)));
  };

  const key = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open) return false;
    const result = suggestionKey(event.key, event.shiftKey, activeIndex, suggestions.length);
    if (!result) return false;
    event.preventDefault();
    if (result.kind === 'move') choose(result.index);
    else if (result.kind === 'close') setDismissedAt(text);
    else {
      const picked = suggestions[activeIndex];
      if (picked) pick(picked);
    }
    return true;
  };

  return {
    listId,
    open,
    suggestions,
    activeIndex,
    activeOptionId: open ? suggestionOptionId(listId, activeIndex) : undefined,
    pick,
    key,
  };
}
