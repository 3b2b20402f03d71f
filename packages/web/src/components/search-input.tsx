import type { InputHTMLAttributes, Ref } from 'react';

interface SearchInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> {
  /** Its accessible name (the box has no visible label: the placeholder says what to type). */
  label: string;
  value: string;
  onChange: (value: string) => void;
  inputRef?: Ref<HTMLInputElement> | undefined;
}

/**
 * The text box of the app's type-to-narrow lists (rooms filter, room switcher, emoji search):
 * no autocomplete or spell check (names, not prose), one look. `type="search"` unless a role says
 * otherwise (the switcher's combobox).
 */
export function SearchInput({
  label,
  value,
  onChange,
  inputRef,
  className,
  ...rest
}: SearchInputProps) {
  return (
    <input
      ref={inputRef}
      type={rest.role ? 'text' : 'search'}
      aria-label={label}
      autoComplete="off"
      spellCheck="false"
      className={className ? `search-input ${className}` : 'search-input'}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      {...rest}
    />
  );
}
