import type { IncomingMessage } from 'node:http';
import { tokenFromHeaders } from '../auth/credentials.js';
import type { SessionStore } from '../auth/session-store.js';
import type { Db } from '../db/database.js';
import { findRoomIdsOfUser } from '../membership/membership.js';
import type { NatterSocket } from './socket-types.js';

/** PROTOCOL.md: a missing, bad or revoked token fails the connection with this message. */
const UNAUTHORIZED = 'unauthorized';

/**
 * Socket.IO middleware: the handshake's `auth.token` (SDKs), else the session cookie (browsers).
 * A socket that passes carries its user, its session and its rooms; no handler ever sees an
 * anonymous one. An ended session is refused like a revoked one (`SessionStore.resolve`); what
 * changes after these reads is settled once the socket is in its channels (handshake-membership.ts).
 */
export function socketAuth(sessions: SessionStore, db: Db, cookieName: string) {
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
      const session = token ? await sessions.resolve(token) : undefined;
      if (!session) return next(new Error(UNAUTHORIZED));
      socket.data.userId = session.userId;
      socket.data.sessionId = session.sessionId;
      socket.data.principal = session.principal;
      socket.data.roomIds = await findRoomIdsOfUser(db, session.userId);
      next();
    } catch {
      // Not the client's fault (storage unreachable): not "unauthorized", which would log it out.
      next(new Error('internal'));
    }
  };
}
