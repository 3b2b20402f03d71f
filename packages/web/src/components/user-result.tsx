import type { User } from '@natter/protocol';
import { Avatar } from './avatar.js';

interface UserResultProps {
  user: User;
  onPick: (user: User) => void;
  selected?: boolean;
  disabled?: boolean;
  /** Why the person cannot be picked, shown in the button (part of its name) when disabled. */
  note?: string | undefined;
}

/** One person in a search result: a button named by their display name and username. */
export function UserResult({ user, onPick, selected, disabled, note }: UserResultProps) {
  return (
    <li>
      <button
        type="button"
        className={selected ? 'user-result selected' : 'user-result'}
        aria-pressed={selected}
        disabled={disabled}
        onClick={() => onPick(user)}
      >
        <Avatar id={user.id} name={user.displayName} url={user.avatarUrl} size="sm" />
        <span className="user-result-names">
          <span className="user-result-name">{user.displayName}</span>
          <span className="user-result-username">
            @{user.username}
            {note && ` · ${note}`}
          </span>
        </span>
        {selected !== undefined && (
          <span className="check" aria-hidden="true">
            {selected ? '✓' : ''}
          </span>
        )}
      </button>
    </li>
  );
}
