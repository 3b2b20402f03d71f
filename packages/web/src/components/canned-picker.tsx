import type { CannedResponse } from '@natter/protocol';
import { SuggestionList } from './suggestion-list.js';

interface CannedPickerProps {
  id: string;
  responses: readonly CannedResponse[];
  activeIndex: number;
  onPick: (response: CannedResponse) => void;
}

/** The canned responses matching what follows `/` in the composer (a `SuggestionList`). */
export function CannedPicker({ id, responses, activeIndex, onPick }: CannedPickerProps) {
  return (
    <SuggestionList
      id={id}
      label="Canned responses"
      className="canned-picker"
      optionClassName="canned-option"
      items={responses}
      activeIndex={activeIndex}
      keyOf={(response) => response.id}
      onPick={onPick}
    >
      {(response) => (
        <>
          <span className="canned-shortcut">/{response.shortcut}</span>
          <span className="canned-content">{response.content}</span>
        </>
      )}
    </SuggestionList>
  );
}
