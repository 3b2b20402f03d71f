import { useEffect, useMemo, useState } from 'react';
import { selectRooms } from '@natter/client';
import type { User } from '@natter/protocol';
import { peopleSuggestions, recentPeopleIds } from '../lib/people-suggestions.js';
import { useChat, useChatContext } from './client-context.js';
import { useProfiles } from './use-profiles.js';

/** Waits for a pause in typing before asking the server, so a name is one request, not six. */
const DEBOUNCE_MS = 200;

export interface UserSearch {
  /** The matches of the query; with `suggest` and no query, everyone not in `recent`. */
  users: readonly User[];
  /** With `suggest` and no query: people one has chats with, most recent first. */
  recent: readonly User[];
  searching: boolean;
  error: string | undefined;
}

const idle = { users: [], searching: false, error: undefined } as const;

/**
 * People whose username or display name contains `query` (GET /api/users?query=). With
 * `suggest`, an empty query lists people at once: the recent ones from one's rooms, then the
 * first page of the directory (`query` empty: the server's first 20 by username).
 */
export function useUserSearch(query: string, { suggest = false } = {}): UserSearch {
  const { client, profiles } = useChatContext();
  const [result, setResult] = useState<Omit<UserSearch, 'recent'>>(idle);
  const trimmed = query.trim();
  const listing = suggest && !trimmed;
  const meId = useChat((s) => s.me?.id);
  const rooms = useChat(selectRooms);
  const recentIds = useMemo(
    () => (listing ? recentPeopleIds(rooms, meId) : []),
    [listing, rooms, meId],
  );
  const known = useProfiles(recentIds);

  useEffect(() => {
    if (!trimmed && !suggest) {
      setResult(idle);
      return;
    }
    let current = true;
    setResult((r) => ({ ...r, searching: true }));
    const timer = setTimeout(
      () => {
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
      },
      trimmed ? DEBOUNCE_MS : 0,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, profiles, trimmed, suggest]);

  return useMemo(() => {
    if (!listing) return { ...result, recent: [] };
    const { recent, everyone } = peopleSuggestions(recentIds, known, result.users);
    return { ...result, users: everyone, recent };
  }, [listing, result, recentIds, known]);
}
