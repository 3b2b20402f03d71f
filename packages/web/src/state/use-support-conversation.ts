import { useEffect, useState } from 'react';
import type { Conversation } from '@natter/protocol';
import { useClient } from './client-context.js';
import { supportApi } from './support-access.js';

export interface SupportConversationState {
  conversation: Conversation | undefined;
  error: string | undefined;
  /** Takes the answer of a command (claim, assign, status) at once, before its event arrives. */
  set: (conversation: Conversation) => void;
}

/** One conversation's status, assignee and visitor, read once and kept live by its events. */
export function useSupportConversation(roomId: string): SupportConversationState {
  const client = useClient();
  const [conversation, set] = useState<Conversation>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let current = true;
    supportApi()
      .getConversation(roomId)
      .then(
        (loaded) => current && set(loaded),
        () => current && setError('The conversation details could not be loaded.'),
      );
    const stop = client.onEvent((event) => {
      if (event.type === 'conversation:updated' && event.payload.roomId === roomId) {
        set(event.payload);
      }
    });
    return () => {
      current = false;
      stop();
    };
  }, [client, roomId]);

  return { conversation, error, set };
}
