import type { CannedResponse } from '@natter/protocol';

interface CannedPickerProps {
  id: string;
  responses: readonly CannedResponse[];
  activeIndex: number;
  onPick: (response: CannedResponse) => void;
}

export const cannedOptionId = (listId: string, index: number) => `${listId}-option-${index}`;

/**
 * The canned responses matching what follows `/` in the composer: a listbox the composer drives
 * (its textbox keeps focus and points at the active option with aria-activedescendant).
 */
export function CannedPicker({ id, responses, activeIndex, onPick }: CannedPickerProps) {
  return (
    <ul id={id} role="listbox" aria-label="Canned responses" className="canned-picker">
      {responses.map((response, index) => (
        <li
          key={response.id}
          id={cannedOptionId(id, index)}
          role="option"
          aria-selected={index === activeIndex}
          className={index === activeIndex ? 'canned-option active' : 'canned-option'}
          // Keeps focus in the textbox: a click must not blur it before the pick.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onPick(response)}
        >
          <span className="canned-shortcut">/{response.shortcut}</span>
          <span className="canned-content">{response.content}</span>
        </li>
      ))}
    </ul>
  );
}
