/** Defaults from PROTOCOL.md's Limits section; the server may be configured tighter. */
export const LIMITS = {
  messageContentMax: 10_000,
  attachmentsPerMessage: 20,
  fileBytesMax: 25 * 1024 * 1024,
  socketFrameBytesMax: 1024 * 1024,
  pageSizeDefault: 50,
  pageSizeMax: 100,
  syncRoomsMax: 500,
  displayNameMax: 64,
  /** ➕ The largest image `POST /api/me/avatar-upload` accepts; avatars are stored at `avatarPx`. */
  avatarSourceMaxBytes: 10 * 1024 * 1024,
  avatarPx: 256,
  roomNameMax: 100,
  groupParticipantsMax: 1000,
  /** ➕ Rooms in one `GET /api/rooms` page: without `limit`, and at most. */
  roomsPageDefault: 200,
  roomsPageMax: 500,
  clientIdMax: 64,
  /** Seconds a `typing:start` lasts without a repeat, on the server. */
  typingExpiryMs: 5_000,
  /** ➕ Characters of a message's text a push's `body` previews (the payload stays well under 4 KB). */
  pushPreviewChars: 200,
  /** ➕ Push subscriptions one user may hold (devices and browsers); the oldest goes first. */
  pushSubscriptionsPerUser: 20,
  /** ➕ Characters of a search's `q`, operators included. */
  searchQueryMax: 512,
  /** ➕ Results in one `GET /api/search` page: without `limit`, and at most (a larger one is clamped). */
  searchPageDefault: 20,
  searchPageMax: 50,
  /** ➕ Distinct emoji on one message: a new one beyond it is refused (`conflict`). */
  reactionsPerMessageMax: 20,
  /**
   * ➕ Members of a group up to which anyone may use `@all`/`@here`; in a bigger group only its
   * owner and admins can (from anyone else the words stay plain text).
   */
  roomMentionOpenMembersMax: 50,
  /** ➕ A room's `mentionCount` counts up to this many. */
  mentionCountMax: 99,
} as const;
