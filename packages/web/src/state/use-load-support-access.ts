import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SupportAccess } from '@natter/client';
import type { SupportAccessValue } from './support-access.js';
import { supportApi } from './support-access.js';

/**
 * Asks once whether the user is the admin and which sites they serve (an agent), and again on
 * `reload`. Until the answer (or when it fails) the app is a plain chat: no Inbox, no Settings.
 */
export function useLoadSupportAccess(): SupportAccessValue {
  const [access, setAccess] = useState<SupportAccess & { loaded: boolean }>({
    isAdmin: false,
    sites: [],
    loaded: false,
  });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    supportApi()
      .access()
      .then(
        (next) => current && setAccess({ ...next, loaded: true }),
        () => current && setAccess((previous) => ({ ...previous, loaded: true })),
      );
    return () => {
      current = false;
    };
  }, [generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return useMemo(() => ({ ...access, reload }), [access, reload]);
}
