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

/** The server's answer, and the query it answers. */
interface Answer {
  query: string;
  users: readonly User[];
  error: string | undefined;
}

/**
 * People whose username or display name contains `query` (GET /api/users?query=). With
 * `suggest`, an empty query lists people at once: the recent ones from one's rooms, then the
 * first page of the directory (`query` empty: the server's first 20 by username). Only the answer
 * to the query now typed is shown: an older one (everyone, or a shorter query) would offer people
 * who do not match.
 */
export function useUserSearch(query: string, { suggest = false } = {}): UserSearch {
  const { client, profiles } = useChatContext();
  const [answer, setAnswer] = useState<Answer>();
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
    if (!trimmed && !suggest) return;
    let current = true;
    const timer = setTimeout(
      () => {
        client.api.searchUsers(trimmed).then(
          (users) => {
            profiles.put(users);
            if (current) setAnswer({ query: trimmed, users, error: undefined });
          },
          () => {
            if (current)
              setAnswer({ query: trimmed, users: [], error: 'Search failed. Try again.' });
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
    const asked = trimmed !== '' || suggest;
    const fresh = answer?.query === trimmed ? answer : undefined;
    const result = {
      users: fresh?.users ?? [],
      searching: asked && !fresh,
      error: fresh?.error,
    };
    if (!listing) return { ...result, recent: [] };
    const { recent, everyone } = peopleSuggestions(recentIds, known, result.users);
    return { ...result, users: everyone, recent };
  }, [answer, trimmed, suggest, listing, recentIds, known]);
}
