import { useCallback, useEffect, useState } from 'react';
import type { Note } from '@natter/protocol';
import { useClient } from './client-context.js';
import { supportApi } from './support-access.js';

export interface Notes {
  notes: readonly Note[];
  error: string | undefined;
  /** Adds a note; rejects with the server's reason. */
  add: (content: string) => Promise<void>;
}

/** A conversation's private notes, oldest first, kept live by `conversation:note`. */
export function useNotes(roomId: string): Notes {
  const client = useClient();
  const [notes, setNotes] = useState<readonly Note[]>([]);
  const [error, setError] = useState<string>();
  const put = useCallback(
    (note: Note) =>
      setNotes((list) => (list.some((n) => n.id === note.id) ? list : [...list, note])),
    [],
  );

  useEffect(() => {
    let current = true;
    setNotes([]);
    supportApi()
      .listNotes(roomId)
      .then(
        (loaded) => current && setNotes(loaded),
        () => current && setError('The notes could not be loaded.'),
      );
    const stop = client.onEvent((event) => {
      if (event.type === 'conversation:note' && event.payload.roomId === roomId) put(event.payload);
    });
    return () => {
      current = false;
      stop();
    };
  }, [client, roomId, put]);

  const add = useCallback(
    async (content: string) => put(await supportApi().addNote(roomId, content)),
    [roomId, put],
  );
  return { notes, error, add };
}
