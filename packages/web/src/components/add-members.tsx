import { useState } from 'react';
import type { RoomState } from '@natter/client';
import type { User } from '@natter/protocol';
import { useClient } from '../state/client-context.js';
import { ActionOutcome } from './action-outcome.js';
import type { Outcome } from './action-outcome.js';
import { useUserSearch } from '../state/use-user-search.js';
import { PeopleSearchField } from './people-search-field.js';
import { UserResult } from './user-result.js';

/** Finds people and adds them to a group, one pick at a time; members are not offered. */
export function AddMembers({ room }: { room: RoomState }) {
  const client = useClient();
  const [query, setQuery] = useState('');
  const [adding, setAdding] = useState<string>();
  const [outcome, setOutcome] = useState<Outcome>();
  const search = useUserSearch(query);
  const candidates = search.users.filter((user) => !room.participants.includes(user.id));

  const add = (user: User) => {
    setAdding(user.id);
    setOutcome(undefined);
    client.rooms.addMember(room.id, user.id).then(
      () => {
        setAdding(undefined);
        setQuery('');
        setOutcome({ ok: true, text: `Added ${user.displayName}.` });
      },
      () => {
        setAdding(undefined);
        setOutcome({ ok: false, text: `Could not add ${user.displayName}. Try again.` });
      },
    );
  };

  return (
    <section className="room-details-section">
      <PeopleSearchField label="Add members" query={query} onQuery={setQuery} search={search} />
      {candidates.length > 0 && (
        <ul className="user-results" aria-label="People to add">
          {candidates.map((user) => (
            <UserResult key={user.id} user={user} onPick={add} disabled={adding !== undefined} />
          ))}
        </ul>
      )}
      <ActionOutcome outcome={outcome} />
    </section>
  );
}
