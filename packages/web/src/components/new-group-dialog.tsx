import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { User } from '@natter/protocol';
import { useClient } from '../state/client-context.js';
import { useUserSearch } from '../state/use-user-search.js';
import { Modal } from './modal.js';
import { PeopleResults } from './people-results.js';
import { PeopleSearchField } from './people-search-field.js';

interface NewGroupDialogProps {
  onClose: () => void;
  onCreated: (roomId: string) => void;
}

/** Names a group and picks its members from a search; the creator is its owner. */
export function NewGroupDialog({ onClose, onCreated }: NewGroupDialogProps) {
  const client = useClient();
  const [name, setName] = useState('');
  const [query, setQuery] = useState('');
  const [members, setMembers] = useState<readonly User[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const search = useUserSearch(query, { suggest: true });
  const chosen = new Set(members.map((m) => m.id));
  const whyId = useId();
  // Said next to the disabled button, not only shown by greying it out.
  let why = '';
  if (!name.trim() && members.length === 0) why = 'Name the group and add someone to create it.';
  else if (!name.trim()) why = 'Name the group to create it.';
  else if (members.length === 0) why = 'Add at least one person to create the group.';

  const toggle = (user: User) =>
    setMembers((list) =>
      list.some((m) => m.id === user.id) ? list.filter((m) => m.id !== user.id) : [...list, user],
    );

  const create = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    client.rooms
      .createGroup(
        name.trim(),
        members.map((m) => m.id),
      )
      .then(
        (room) => onCreated(room.id),
        () => {
          setBusy(false);
          setError('Could not create the group. Try again.');
        },
      );
  };

  return (
    <Modal title="New group" onClose={onClose}>
      <form onSubmit={create} className="stack">
        <label className="field">
          <span className="field-label">Group name</span>
          <input
            autoFocus
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <PeopleSearchField label="Add people" query={query} onQuery={setQuery} search={search} />
        {members.length > 0 && (
          <ul className="chips" aria-label="Members">
            {members.map((m) => (
              <li key={m.id}>
                <button
                  type="button"
                  className="chip"
                  onClick={() => toggle(m)}
                  aria-label={`Remove ${m.displayName}`}
                >
                  {m.displayName} <span aria-hidden="true">×</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <PeopleResults
          search={search}
          suggesting={!query.trim()}
          onPick={toggle}
          selected={chosen}
        />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {why && (
          <p id={whyId} className="muted small disabled-why">
            {why}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button primary"
            disabled={busy || why !== ''}
            aria-describedby={why ? whyId : undefined}
          >
            Create group
          </button>
        </div>
      </form>
    </Modal>
  );
}
