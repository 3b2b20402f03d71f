import { useEffect, useRef, useState } from 'react';
import { roomTitle } from '../lib/room-title.js';
import { useChat, useChatContext } from './client-context.js';

/**
 * The notice for a room this user left or was removed from (`room:removed`, on every device of
 * theirs): the SDK drops the room and the app moves away from it, and this says why, so a room
 * never silently vanishes. Names are remembered as rooms are seen, because the room is gone from
 * the store by the time the event is heard.
 */
export function useRoomRemovedNotice(): { notice: string | undefined; dismiss: () => void } {
  const { client, profiles } = useChatContext();
  const rooms = useChat((s) => s.rooms);
  const me = useChat((s) => s.me?.id);
  const titles = useRef(new Map<string, string>());
  const [notice, setNotice] = useState<string>();

  useEffect(() => {
    const known = profiles.getSnapshot();
    for (const room of Object.values(rooms)) {
      titles.current.set(room.id, roomTitle(room, me, known));
    }
  }, [rooms, me, profiles]);

  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.type !== 'room:removed') return;
        const title = titles.current.get(event.payload.roomId);
        const where = title ? `“${title}”` : 'a conversation';
        setNotice(
          event.payload.reason === 'left'
            ? `You left ${where}.`
            : `You were removed from ${where}.`,
        );
      }),
    [client],
  );

  return { notice, dismiss: () => setNotice(undefined) };
}
