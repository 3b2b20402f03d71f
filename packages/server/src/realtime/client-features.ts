import type { ClientFeature } from '@natter/protocol';
import { CLIENT_FEATURES } from '@natter/protocol';

/**
 * The features a handshake's `auth.features` names, each once. Anything else there (not an
 * array, names this server does not know) counts as not named: the client then gets what
 * PROTOCOL.md promises, which every client understands, so a malformed list is no reason to
 * refuse the connection.
 */
export function announcedFeatures(auth: unknown): ClientFeature[] {
  if (typeof auth !== 'object' || auth === null || !('features' in auth)) return [];
  const { features } = auth;
  if (!Array.isArray(features)) return [];
  return CLIENT_FEATURES.filter((feature) => features.includes(feature));
}
