import { useState } from 'react';
import type { RoomState } from '@natter/client';
import { useClient } from './client-context.js';

/**
 * Mutes or unmutes a room's notifications for the user (`PUT /api/rooms/:id/mute`): the room in
 * the store changes with the answer, so the header, the details and the rooms list agree. A
 * failure is told through `onProblem`, where the caller shows such things.
 */
export function useRoomMute(
  room: RoomState,
  onProblem: (problem: string | undefined) => void,
): { muted: boolean; busy: boolean; toggle: () => void } {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const muted = room.muted === true;
  const toggle = () => {
    setBusy(true);
    onProblem(undefined);
    client.rooms
      .mute(room.id, !muted)
      .catch(() => onProblem(muted ? 'Could not unmute. Try again.' : 'Could not mute. Try again.'))
      .finally(() => setBusy(false));
  };
  return { muted, busy, toggle };
}
