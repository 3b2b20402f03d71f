import { useState } from 'react';
import type { RoomState } from '@natter/client';
import { useClient } from './client-context.js';

export interface RoomMute {
  muted: boolean;
  /** With `muted`: mentions of the user (and `@all`) are silenced too. */
  mentionsMuted: boolean;
  busy: boolean;
  toggle: () => void;
  /** Mutes or unmutes the mentions of a muted room. */
  toggleMentions: () => void;
}

/**
 * Mutes or unmutes a room's notifications for the user (`PUT /api/rooms/:id/mute`), and in a
 * muted room its mentions of them: the room in the store changes with the answer, so the header,
 * the details and the rooms list agree. A failure is told through `onProblem`, where the caller
 * shows such things.
 */
export function useRoomMute(
  room: RoomState,
  onProblem: (problem: string | undefined) => void,
): RoomMute {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const muted = room.muted === true;
  const mentionsMuted = room.mentionsMuted === true;
  const run = (change: Promise<unknown>, failure: string) => {
    setBusy(true);
    onProblem(undefined);
    change.catch(() => onProblem(failure)).finally(() => setBusy(false));
  };
  const toggle = () =>
    run(
      client.rooms.mute(room.id, !muted),
      muted ? 'Could not unmute. Try again.' : 'Could not mute. Try again.',
    );
  const toggleMentions = () =>
    run(
      client.rooms.mute(room.id, true, !mentionsMuted),
      mentionsMuted
        ? 'Could not unmute mentions. Try again.'
        : 'Could not mute mentions. Try again.',
    );
  return { muted, mentionsMuted, busy, toggle, toggleMentions };
}
