import type { PrivacySettings } from '@natter/protocol';
import { eq, sql } from 'drizzle-orm';
import type { SessionRow, SessionTimes } from '../auth/session-store.js';
import { sessionRowColumns } from '../auth/session-store.js';
import type { Executor } from '../db/database.js';
import { preparedPerHandle } from '../db/prepared.js';
import { roomIdsOfUser } from '../membership/membership.js';
import { sessions, users } from '../db/schema.js';

/**
 * The two reads of a socket handshake, each ONE prepared statement: in a reconnect storm every
 * client pays the first (and the second, if its channels changed during the first: see
 * handshake-window.ts), and on a busy database a round trip costs more than these index probes.
 * Their parts follow the rules of the reads they merge: the session as `SessionStore` resolves
 * it, the rooms as `findRoomIdsOfUser` (membership/membership.ts), the privacy settings as
 * `findPrivacySettings` and the blocked users as `findBlockedIds`.
 */

/** Whom the user blocks, correlated to a `users.id` expression of the outer query. */
const blockedIdsOf = (userId: typeof users.id) =>
  sql<string[]>`ARRAY(SELECT blocked_id FROM user_blocks WHERE blocker_id = ${userId})`;

const byTokenHashQuery = preparedPerHandle((db: Executor) =>
  db
    .select({
      ...sessionRowColumns,
      roomIds: roomIdsOfUser(users.id),
      readReceipts: users.readReceipts,
      typingIndicators: users.typingIndicators,
      blockedIds: blockedIdsOf(users.id),
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
    .limit(1)
    .prepare('handshake_by_token_hash'),
);

/** What the handshake middleware reads: the session, its user's rooms, blocks and privacy settings. */
export interface HandshakeRead extends SessionRow {
  roomIds: string[];
  /** Whom the user blocks: not told of the user's presence (presence-service.ts). */
  blockedIds: string[];
  privacy: PrivacySettings;
}

/** The session a token's hash names, with its user's rooms, blocks and privacy (one round trip). */
export async function readHandshake(
  db: Executor,
  tokenHash: string,
): Promise<HandshakeRead | undefined> {
  const [row] = await byTokenHashQuery(db).execute({ tokenHash });
  if (!row) return undefined;
  const { readReceipts, typingIndicators, ...session } = row;
  return { ...session, privacy: { readReceipts, typingIndicators } };
}

const recheckQuery = preparedPerHandle((db: Executor) =>
  db
    .select({
      createdAt: sessions.createdAt,
      lastUsedAt: sessions.lastUsedAt,
      roomIds: roomIdsOfUser(users.id),
      readReceipts: users.readReceipts,
      typingIndicators: users.typingIndicators,
      blockedIds: blockedIdsOf(users.id),
    })
    .from(users)
    .leftJoin(sessions, eq(sessions.id, sql.placeholder('sessionId')))
    .where(eq(users.id, sql.placeholder('userId')))
    .limit(1)
    .prepare('handshake_recheck'),
);

/**
 * The handshake's second look, once the socket is in its channels, when its user's or session's
 * channels changed meanwhile (handshake-membership.ts).
 */
export interface HandshakeRecheck {
  /** The session's times; undefined once it is gone (logged out). */
  session: SessionTimes | undefined;
  roomIds: string[];
  /** Undefined: the user is gone. */
  privacy: PrivacySettings | undefined;
  /** Whom the user blocks: not told of the user's presence (presence-service.ts). */
  blockedIds: string[];
}

/** The session, rooms, privacy settings and blocks of a connecting socket's user, in one round trip. */
export async function readHandshakeRecheck(
  db: Executor,
  sessionId: string,
  userId: string,
): Promise<HandshakeRecheck> {
  const [row] = await recheckQuery(db).execute({ sessionId, userId });
  if (!row) return { session: undefined, roomIds: [], privacy: undefined, blockedIds: [] };
  const { createdAt, lastUsedAt, roomIds, readReceipts, typingIndicators, blockedIds } = row;
  return {
    session: createdAt && lastUsedAt ? { createdAt, lastUsedAt } : undefined,
    roomIds,
    privacy: { readReceipts, typingIndicators },
    blockedIds,
  };
}
