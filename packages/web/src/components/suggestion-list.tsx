import type { ReactNode } from 'react';

interface SuggestionListProps<T> {
  id: string;
  /** The listbox's accessible name ("Canned responses", "People to mention"). */
  label: string;
  /** The list's own class (`canned-picker`, `mention-picker`) and its options' (`…-option`). */
  className: string;
  optionClassName: string;
  items: readonly T[];
  activeIndex: number;
  keyOf: (item: T) => string;
  onPick: (item: T) => void;
  /** What an option shows. */
  children: (item: T) => ReactNode;
}

/** The id of a suggestion, which the textbox's `aria-activedescendant` names. */
export const suggestionOptionId = (listId: string, index: number) => `${listId}-option-${index}`;

/**
 * A list of suggestions the composer's textbox drives (its `/` and `@` lists): a listbox whose
 * active option the textbox points at with aria-activedescendant while it keeps focus. A click
 * picks without taking focus from the textbox.
 */
export function SuggestionList<T>(props: SuggestionListProps<T>) {
  const { id, label, className, optionClassName, items, activeIndex, keyOf, onPick } = props;
  return (
    <ul id={id} role="listbox" aria-label={label} className={className}>
      {items.map((item, index) => (
        <li
          key={keyOf(item)}
          id={suggestionOptionId(id, index)}
          role="option"
          aria-selected={index === activeIndex}
          className={index === activeIndex ? `${optionClassName} active` : optionClassName}
          // Keeps focus in the textbox: a click must not blur it before the pick.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onPick(item)}
        >
          {props.children(item)}
        </li>
      ))}
    </ul>
  );
}
