import { useEffect } from 'react';
import { useChatContext } from './client-context.js';

/**
 * Keeps the profile store current: when someone who shares a room changes their name or avatar
 * (`user:updated`), room titles, headers and the typing line follow at once. (Messages take the
 * new sender from the SDK's store, which applies the same event.)
 */
export function useProfileUpdates(): void {
  const { client, profiles } = useChatContext();
  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.type === 'user:updated') profiles.put([event.payload.user]);
      }),
    [client, profiles],
  );
}
