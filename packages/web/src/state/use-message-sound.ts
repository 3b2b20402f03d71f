import { useEffect, useRef } from 'react';
import { isSupportRoom } from '../lib/chat-rooms.js';
import { playChime } from '../lib/chime.js';
import { useClient } from './client-context.js';
import { cueEnabled } from './cue-preferences.js';

/**
 * The chime for a new chat message (when the user turned it on): someone else's message in an
 * unmuted chat that is not in front of them (another room open, or the tab in the background).
 * Support rooms have the agents' own cue (use-new-conversation-cue.ts).
 */
export function useMessageSound(openRoomId: string | undefined): void {
  const client = useClient();
  const openRef = useRef(openRoomId);
  openRef.current = openRoomId;

  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.type !== 'message:new' || !cueEnabled('messages')) return;
        const message = event.payload;
        const state = client.getState();
        const room = state.rooms[message.roomId];
        if (!room || room.muted || isSupportRoom(room) || message.senderId === state.me?.id) return;
        const inFront =
          document.visibilityState === 'visible' && openRef.current === message.roomId;
        if (!inFront) playChime();
      }),
    [client],
  );
}
