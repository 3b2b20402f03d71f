import { useState } from 'react';
import type { FormEvent } from 'react';
import type { RoomState } from '@natter/client';
import { useClient } from '../state/client-context.js';
import { ActionOutcome } from './action-outcome.js';
import type { Outcome } from './action-outcome.js';

interface GroupNameProps {
  room: RoomState;
  title: string;
  canRename: boolean;
}

/** A group's name: a form for its owner and admins (everyone sees the rename), text for others. */
export function GroupName({ room, title, canRename }: GroupNameProps) {
  const client = useClient();
  const [name, setName] = useState(room.name ?? '');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();

  if (!canRename) return <p className="room-details-name">{title}</p>;

  const trimmed = name.trim();
  const rename = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setOutcome(undefined);
    client.rooms.update(room.id, { name: trimmed }).then(
      () => {
        setBusy(false);
        setOutcome({ ok: true, text: 'Name saved.' });
      },
      () => {
        setBusy(false);
        setOutcome({ ok: false, text: 'Could not rename the group. Try again.' });
      },
    );
  };

  return (
    <form className="rename-form" onSubmit={rename}>
      <label className="field">
        <span className="field-label">Group name</span>
        <span className="rename-row">
          <input
            required
            maxLength={100}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setOutcome(undefined);
            }}
          />
          <button
            type="submit"
            className="button primary"
            disabled={busy || !trimmed || trimmed === room.name}
          >
            Rename
          </button>
        </span>
      </label>
      <ActionOutcome outcome={outcome} />
    </form>
  );
}
