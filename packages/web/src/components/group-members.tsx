import { useState } from 'react';
import type { RoomState } from '@natter/client';
import { useClient } from '../state/client-context.js';
import { useProfiles } from '../state/use-profiles.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { MemberRow } from './member-row.js';

interface GroupMembersProps {
  room: RoomState;
  me: string;
  canRemove: (userId: string) => boolean;
}

/** Moderators first (owner, then admins), then everyone by name. */
const ROLE_ORDER = { owner: 0, admin: 1 } as const;

/** A group's members, each removable (after a confirmation) by those allowed to. */
export function GroupMembers({ room, me, canRemove }: GroupMembersProps) {
  const client = useClient();
  const profiles = useProfiles(room.participants);
  const [removing, setRemoving] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const nameOf = (id: string) => profiles[id]?.displayName ?? '';
  const rank = (id: string) => {
    const role = room.roles?.[id];
    return role ? ROLE_ORDER[role] : 2;
  };
  const members = [...room.participants].sort(
    (a, b) => rank(a) - rank(b) || nameOf(a).localeCompare(nameOf(b)),
  );

  const remove = () => {
    const userId = removing;
    setRemoving(undefined);
    if (!userId) return;
    setProblem(undefined);
    client.rooms
      .removeMember(room.id, userId)
      .catch(() => setProblem(`Could not remove ${nameOf(userId)}. Try again.`));
  };

  return (
    <section className="room-details-section" aria-labelledby="group-members-heading">
      <h3 id="group-members-heading" className="room-details-heading">
        {room.participants.length} members
      </h3>
      <ul className="member-list">
        {members.map((userId) => (
          <MemberRow key={userId} userId={userId} me={me} role={room.roles?.[userId]}>
            {canRemove(userId) && (
              <button
                type="button"
                className="button small-button"
                onClick={() => setRemoving(userId)}
                aria-label={`Remove ${nameOf(userId)}`}
              >
                Remove
              </button>
            )}
          </MemberRow>
        ))}
      </ul>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove ${nameOf(removing)}?`}
          body="They will stop receiving this group's messages, and everyone will see that you removed them."
          confirmLabel="Remove"
          onConfirm={remove}
          onCancel={() => setRemoving(undefined)}
        />
      )}
    </section>
  );
}
