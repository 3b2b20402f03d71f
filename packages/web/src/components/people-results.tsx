import type { User } from '@natter/protocol';
import type { UserSearch } from '../state/use-user-search.js';
import { UserResult } from './user-result.js';

interface PeopleResultsProps {
  search: UserSearch;
  /** True while nothing is typed: the lists get their "Recent" and "Everyone" headings. */
  suggesting: boolean;
  onPick: (user: User) => void;
  selected?: ReadonlySet<string>;
  disabled?: boolean;
}

/** The people a picker offers: matches of the query, or recent people and then everyone. */
export function PeopleResults({
  search,
  suggesting,
  onPick,
  selected,
  disabled,
}: PeopleResultsProps) {
  const list = (users: readonly User[], label?: string) => (
    <ul className="user-results" aria-label={label}>
      {users.map((user) => (
        <UserResult
          key={user.id}
          user={user}
          onPick={onPick}
          selected={selected?.has(user.id)}
          disabled={disabled}
        />
      ))}
    </ul>
  );
  if (!suggesting) return list(search.users);
  return (
    <>
      {search.recent.length > 0 && (
        <>
          <h3 className="people-heading">Recent</h3>
          {list(search.recent, 'Recent')}
        </>
      )}
      {search.users.length > 0 && (
        <>
          <h3 className="people-heading">Everyone</h3>
          {list(search.users, 'Everyone')}
        </>
      )}
      {search.searching && search.users.length === 0 && (
        <p className="muted small">Loading people…</p>
      )}
    </>
  );
}
