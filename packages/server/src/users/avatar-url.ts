/**
 * Where an uploaded avatar is served: `GET /api/avatars/<id>` (relative to the server's origin,
 * like the local driver's file URLs), kept in `users.avatar_url`. The id is the avatar upload's
 * server-made UUID, so a URL is unguessable and a new avatar always has a new URL (cacheable
 * forever).
 */
export const avatarUrlOf = (avatarId: string): string => `/api/avatars/${avatarId}`;

const AVATAR_URL =
  /^\/api\/avatars\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The id of an avatar this server stores, or undefined for none (or one set some other way). */
export function avatarIdOf(avatarUrl: string | null): string | undefined {
  return avatarUrl ? AVATAR_URL.exec(avatarUrl)?.[1] : undefined;
}
