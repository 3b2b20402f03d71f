import type { ClientFeature } from '@natter/protocol';

/**
 * Whether a handshake's `auth.features` names `feature`. Anything else there (not an array, names
 * this server does not know) counts as not named: the client then gets what PROTOCOL.md promises,
 * which every client understands, so a malformed list is no reason to refuse the connection.
 */
export function announcesFeature(auth: unknown, feature: ClientFeature): boolean {
  if (typeof auth !== 'object' || auth === null || !('features' in auth)) return false;
  const { features } = auth;
  return Array.isArray(features) && features.includes(feature);
}
