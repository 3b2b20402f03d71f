import { createContext, useContext } from 'react';
import { createSupportClient } from '@natter/client';
import type { SupportAccess, SupportApi } from '@natter/client';

let api: SupportApi | undefined;
/** The support chat's REST API in cookie mode (made on first use: tests have no window). */
export const supportApi = (): SupportApi =>
  (api ??= createSupportClient({ baseUrl: window.location.origin }));

export interface SupportAccessValue extends SupportAccess {
  /** False until the server answered: a deep link to /inbox waits for it before falling back. */
  loaded: boolean;
  /** Reads the access again (after the admin created a site or changed its agents). */
  reload: () => void;
}

const NONE: SupportAccessValue = {
  isAdmin: false,
  sites: [],
  loaded: false,
  reload: () => undefined,
};

/** What the signed-in user may do in the support chat, provided by the chat layout. */
export const SupportAccessContext = createContext<SupportAccessValue>(NONE);

export const useSupportAccess = (): SupportAccessValue => useContext(SupportAccessContext);
