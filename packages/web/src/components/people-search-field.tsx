import type { UserSearch } from '../state/use-user-search.js';

interface PeopleSearchFieldProps {
  label: string;
  query: string;
  onQuery: (query: string) => void;
  search: UserSearch;
  autoFocus?: boolean;
}

/** The search box for people (useUserSearch), with "Searching…" / "Nobody found." under it. */
export function PeopleSearchField({
  label,
  query,
  onQuery,
  search,
  autoFocus,
}: PeopleSearchFieldProps) {
  return (
    <>
      <label className="field">
        <span className="field-label">{label}</span>
        <input
          type="search"
          autoFocus={autoFocus}
          placeholder="Name or username"
          value={query}
          onChange={(e) => onQuery(e.target.value)}
        />
      </label>
      {query.trim() && search.users.length === 0 && (
        <p className="muted small">{search.searching ? 'Searching…' : 'Nobody found.'}</p>
      )}
    </>
  );
}
