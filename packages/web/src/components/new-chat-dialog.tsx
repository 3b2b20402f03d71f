import { useState } from 'react';
import type { User } from '@natter/protocol';
import { useClient } from '../state/client-context.js';
import { useUserSearch } from '../state/use-user-search.js';
import { Modal } from './modal.js';
import { PeopleResults } from './people-results.js';
import { PeopleSearchField } from './people-search-field.js';

interface NewChatDialogProps {
  onClose: () => void;
  onOpened: (roomId: string) => void;
}

/**
 * Opens (or creates) the one direct room with a person: picked from the recent people and
 * everyone listed at once, or found by name.
 */
export function NewChatDialog({ onClose, onOpened }: NewChatDialogProps) {
  const client = useClient();
  const [query, setQuery] = useState('');
  const [opening, setOpening] = useState(false);
  const [error, setError] = useState<string>();
  const search = useUserSearch(query, { suggest: true });

  const pick = (user: User) => {
    setOpening(true);
    client.rooms.openDirect(user.id).then(
      (room) => onOpened(room.id),
      () => {
        setOpening(false);
        setError(`Could not open a chat with ${user.displayName}.`);
      },
    );
  };

  return (
    <Modal title="New chat" onClose={onClose}>
      <PeopleSearchField
        label="Find people"
        query={query}
        onQuery={setQuery}
        search={search}
        autoFocus
      />
      {(error ?? search.error) && (
        <p className="form-error" role="alert">
          {error ?? search.error}
        </p>
      )}
      <PeopleResults search={search} suggesting={!query.trim()} onPick={pick} disabled={opening} />
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}
