import type { Ref } from 'react';
import { Icon } from './icon.js';
import { SearchInput } from './search-input.js';

interface RoomsFilterProps {
  value: string;
  onChange: (value: string) => void;
  inputRef?: Ref<HTMLInputElement>;
}

/** The box above the rooms list that narrows it by room or person name as one types; Esc clears. */
export function RoomsFilter({ value, onChange, inputRef }: RoomsFilterProps) {
  return (
    <div className="rooms-filter">
      <Icon name="search" size={16} />
      <SearchInput
        inputRef={inputRef}
        label="Filter rooms"
        placeholder="Filter by name"
        value={value}
        onChange={onChange}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value !== '') {
            e.preventDefault();
            onChange('');
          }
        }}
      />
    </div>
  );
}
