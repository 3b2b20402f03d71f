import { useEffect, useSyncExternalStore } from 'react';
import type { User } from '@natter/protocol';
import { useChatContext } from './client-context.js';

/** Profiles by id, fetching the given ids when unknown. */
export function useProfiles(ids: readonly string[] = []): Readonly<Record<string, User>> {
  const { profiles } = useChatContext();
  const all = useSyncExternalStore(profiles.subscribe, profiles.getSnapshot);
  const wanted = ids.join(',');
  useEffect(() => {
    if (wanted) profiles.want(wanted.split(','));
  }, [profiles, wanted]);
  return all;
}
