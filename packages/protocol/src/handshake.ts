/**
 * The version of this wire contract. SDKs send it in the handshake (`auth.protocolVersion`); a
 * server refuses a version it does not speak instead of letting the client misread its answers.
 * Additions that old clients can ignore keep the number; a breaking change raises it.
 */
export const PROTOCOL_VERSION = 1;

/** What a client may put in the Socket.IO handshake's `auth`. */
export interface HandshakeAuth {
  /** An SDK's session token; browsers send the session cookie instead. */
  token?: string;
  /** Absent: a client written from PROTOCOL.md alone, taken as version 1. */
  protocolVersion?: number;
  /**
   * ➕ `false`: the page opening this socket does not show the chat (a background tab), so its
   * user may still get pushes; `visibility:set` changes it later. Absent: visible.
   */
  visible?: boolean;
  /**
   * ➕ Server events beyond PROTOCOL.md that this client handles in place of older ones (see
   * `CLIENT_FEATURES`); unknown names are ignored. Absent: none, and the server sends such a
   * client only the events PROTOCOL.md names.
   */
  features?: ClientFeature[];
}

/**
 * What a client may name in `auth.features`. In a room with many members online the client takes
 * changes gathered for about a second instead of one event per change:
 * - `presence:batch` instead of `presence:update`s (docs/protocol.md, Presence in large rooms);
 * - `messages:read:batch` instead of `messages:read:update`s (docs/protocol.md, Read receipts in
 *   large rooms).
 */
export const CLIENT_FEATURES = ['presence:batch', 'messages:read:batch'] as const;
export type ClientFeature = (typeof CLIENT_FEATURES)[number];

/**
 * The messages a refused handshake's `connect_error` carries: `unauthorized` (missing, bad or
 * revoked token), `unsupported_protocol_version` (data: `{ supportedVersions }`),
 * `too_many_connections` (data: `{ maxSockets }`), `internal` (the server could not decide),
 * ➕ `unavailable` (data: `{ retryAfterMs }`: the server is busy with other handshakes or cannot
 * reach its database; try again after that long, with jitter).
 */
export const CONNECT_ERRORS = [
  'unauthorized',
  'unsupported_protocol_version',
  'too_many_connections',
  'internal',
  'unavailable',
] as const;
export type ConnectErrorMessage = (typeof CONNECT_ERRORS)[number];
