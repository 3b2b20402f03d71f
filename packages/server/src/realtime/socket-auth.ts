import type { IncomingMessage } from 'node:http';
import { tokenFromHeaders } from '../auth/credentials.js';
import type { SessionStore } from '../auth/session-store.js';
import type { Db } from '../db/database.js';
import { toErrorBody } from '../errors.js';
import type { ConcurrencyGate } from '../util/concurrency-gate.js';
import { announcedFeatures } from './client-features.js';
import { connectError } from './connect-error.js';
import { readHandshake } from './handshake-reads.js';
import type { HandshakeWindow } from './handshake-window.js';
import type { NatterSocket } from './socket-types.js';

/** PROTOCOL.md: a missing, bad or revoked token fails the connection with this message. */
const UNAUTHORIZED = 'unauthorized';

/**
 * Socket.IO middleware: the handshake's `auth.token` (SDKs), else the session cookie (browsers).
 * A socket that passes carries its user, its session, its rooms, whom its user blocks and their
 * privacy settings (they decide its privacy channels: privacy-channels.ts); no handler ever sees
 * an anonymous one. An ended session is refused like a revoked one (`SessionStore.resolve`); what
 * changes after these reads is settled once the socket is in its channels (handshake-membership.ts).
 *
 * The reads run behind `gate` (HANDSHAKE_CONCURRENCY at once, HANDSHAKE_QUEUE_MAX waiting): a
 * node restarting with thousands of clients reads the database at a bounded pace, and handshakes
 * past the queue are refused with `unavailable` and `retryAfterMs` (the SDK waits that long, with
 * jitter), as are handshakes while the database cannot be reached.
 */
export function socketAuth(
  sessions: SessionStore,
  db: Db,
  cookieName: string,
  gate: ConcurrencyGate,
  handshakeWindow: HandshakeWindow,
) {
  return async (socket: NatterSocket, next: (err?: Error) => void): Promise<void> => {
    try {
      const auth: unknown = socket.handshake.auth;
      const fromAuth =
        typeof auth === 'object' &&
        auth !== null &&
        'token' in auth &&
        typeof auth.token === 'string'
          ? auth.token
          : undefined;
      const request: IncomingMessage = socket.request;
      const token = fromAuth ?? tokenFromHeaders({ cookie: request.headers.cookie }, cookieName);
      // No token, no database read: refused without waiting for a slot.
      if (!token) return next(new Error(UNAUTHORIZED));
      // The session, the user's rooms, blocks and privacy settings: one statement
      // (handshake-reads.ts), in a window that opens before it is sent.
      let windowOpenedAt = 0;
      const read = await gate.run(() => {
        windowOpenedAt = handshakeWindow.open();
        return sessions.resolveThrough(token, (tokenHash) => readHandshake(db, tokenHash));
      });
      if (!read) return next(new Error(UNAUTHORIZED));
      socket.data.userId = read.userId;
      socket.data.sessionId = read.sessionId;
      socket.data.principal = read.principal;
      socket.data.roomIds = read.roomIds;
      socket.data.blockedIds = read.blockedIds;
      socket.data.windowOpenedAt = windowOpenedAt;
      socket.data.privacy = read.privacy;
      socket.data.visible = !(
        typeof auth === 'object' &&
        auth !== null &&
        'visible' in auth &&
        auth.visible === false
      );
      socket.data.features = announcedFeatures(auth);
      next();
    } catch (error) {
      // Not the client's fault: not "unauthorized", which would log it out. Busy or an unreachable
      // database is worth retrying after a pause; anything else is `internal`.
      const { retryAfterMs } = toErrorBody(error);
      next(
        retryAfterMs === undefined
          ? new Error('internal')
          : connectError('unavailable', { retryAfterMs }),
      );
    }
  };
}
