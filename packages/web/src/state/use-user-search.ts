import { useEffect, useState } from 'react';
import type { User } from '@natter/protocol';
import { useChatContext } from './client-context.js';

/** Waits for a pause in typing before asking the server, so a name is one request, not six. */
const DEBOUNCE_MS = 200;

export interface UserSearch {
  users: readonly User[];
  searching: boolean;
  error: string | undefined;
}

/** People whose username or display name contains `query` (GET /api/users?query=). */
export function useUserSearch(query: string): UserSearch {
  const { client, profiles } = useChatContext();
  const [result, setResult] = useState<UserSearch>({
    users: [],
    searching: false,
    error: undefined,
  });
  const trimmed = query.trim();

  useEffect(() => {
    if (!trimmed) {
      setResult({ users: [], searching: false, error: undefined });
      return;
    }
    let current = true;
    setResult((r) => ({ ...r, searching: true }));
    const timer = setTimeout(() => {
      client.api.searchUsers(trimmed).then(
        (users) => {
          profiles.put(users);
          if (current) setResult({ users, searching: false, error: undefined });
        },
        () => {
          if (current)
            setResult({ users: [], searching: false, error: 'Search failed. Try again.' });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, profiles, trimmed]);

  return result;
}
