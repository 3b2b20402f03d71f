import type { MentionSuggestion } from '../lib/mention-suggestions.js';
import { mentionText } from '../lib/mention-suggestions.js';
import { Avatar } from './avatar.js';

interface MentionPickerProps {
  id: string;
  suggestions: readonly MentionSuggestion[];
  activeIndex: number;
  onPick: (suggestion: MentionSuggestion) => void;
}

export const mentionOptionId = (listId: string, index: number) => `${listId}-mention-${index}`;

/**
 * The people (and group words) matching the `@name` being typed: a listbox the composer drives,
 * as its canned-response picker is (its textbox keeps focus and points at the active option with
 * aria-activedescendant). Each option shows who it is: picture, name and @username.
 */
export function MentionPicker({ id, suggestions, activeIndex, onPick }: MentionPickerProps) {
  return (
    <ul id={id} role="listbox" aria-label="People to mention" className="mention-picker">
      {suggestions.map((suggestion, index) => (
        <li
          key={mentionText(suggestion)}
          id={mentionOptionId(id, index)}
          role="option"
          aria-selected={index === activeIndex}
          className={index === activeIndex ? 'mention-option active' : 'mention-option'}
          // Keeps focus in the textbox: a click must not blur it before the pick.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onPick(suggestion)}
        >
          {suggestion.kind === 'member' ? (
            <Avatar
              id={suggestion.user.id}
              name={suggestion.user.displayName}
              url={suggestion.user.avatarUrl}
              size="sm"
            />
          ) : (
            <span className="mention-group-icon" aria-hidden="true">
              @
            </span>
          )}
          <span className="mention-option-name">
            {suggestion.kind === 'member' ? suggestion.user.displayName : `@${suggestion.word}`}
          </span>
          <span className="mention-option-detail">
            {suggestion.kind === 'member' ? `@${suggestion.user.username}` : suggestion.description}
          </span>
        </li>
      ))}
    </ul>
  );
}
