import { useCallback, useEffect, useState } from 'react';
import type { Agent } from '@natter/client';
import type { CannedResponse } from '@natter/protocol';
import { supportApi } from './support-access.js';

export interface Loaded<T> {
  value: T | undefined;
  error: string | undefined;
  reload: () => void;
  /** Replaces the value with a command's answer (an added agent, a new response). */
  set: (value: T) => void;
}

/** Reads something once per key (and on `reload`), dropping answers for a key no longer asked. */
export function useLoaded<T>(
  key: string | undefined,
  load: (key: string) => Promise<T>,
  failure: string,
): Loaded<T> {
  const [state, setState] = useState<{ key?: string; value?: T; error?: string }>({});
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!key) return;
    let current = true;
    load(key).then(
      (value) => current && setState({ key, value }),
      () => current && setState({ key, error: failure }),
    );
    return () => {
      current = false;
    };
    // `load` is a module-level function at every call site: stable, the key decides.
  }, [key, load, generation, failure]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const set = useCallback((value: T) => setState({ key, value }), [key]);
  const fresh = state.key === key;
  return {
    value: fresh ? state.value : undefined,
    error: fresh ? state.error : undefined,
    reload,
    set,
  };
}

const loadAgents = (siteId: string) => supportApi().listAgents(siteId);
const loadCanned = (siteId: string) => supportApi().listCannedResponses(siteId);

export const useSiteAgents = (siteId: string | undefined): Loaded<Agent[]> =>
  useLoaded(siteId, loadAgents, 'The agents could not be loaded.');

export const useCannedResponses = (siteId: string | undefined): Loaded<CannedResponse[]> =>
  useLoaded(siteId, loadCanned, 'The canned responses could not be loaded.');
