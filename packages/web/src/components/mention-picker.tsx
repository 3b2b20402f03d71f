import type { MentionSuggestion } from '../lib/mention-suggestions.js';
import { mentionText } from '../lib/mention-suggestions.js';
import { Avatar } from './avatar.js';
import { SuggestionList } from './suggestion-list.js';

interface MentionPickerProps {
  id: string;
  suggestions: readonly MentionSuggestion[];
  activeIndex: number;
  onPick: (suggestion: MentionSuggestion) => void;
}

/**
 * The people (and group words) matching the `@name` being typed (a `SuggestionList`): each
 * option shows who it is, picture, name and @username.
 */
export function MentionPicker({ id, suggestions, activeIndex, onPick }: MentionPickerProps) {
  return (
    <SuggestionList
      id={id}
      label="People to mention"
      className="mention-picker"
      optionClassName="mention-option"
      items={suggestions}
      activeIndex={activeIndex}
      keyOf={mentionText}
      onPick={onPick}
    >
      {(suggestion) =>
        suggestion.kind === 'member' ? (
          <>
            <Avatar
              id={suggestion.user.id}
              name={suggestion.user.displayName}
              url={suggestion.user.avatarUrl}
              size="sm"
            />
            <span className="mention-option-name">{suggestion.user.displayName}</span>
            <span className="mention-option-detail">@{suggestion.user.username}</span>
          </>
        ) : (
          <>
            <span className="mention-group-icon" aria-hidden="true">
              @
            </span>
            <span className="mention-option-name">@{suggestion.word}</span>
            <span className="mention-option-detail">{suggestion.description}</span>
          </>
        )
      }
    </SuggestionList>
  );
}
