import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lte, ne, or, sql } from 'drizzle-orm';
import type { SessionConfig } from '../config.js';
import type { Db, Executor } from '../db/database.js';
import { sessions, users } from '../db/schema.js';

/**
 * Who a session speaks for: a `user` of the instance, or a website `visitor` (made by the widget),
 * who may use only the routes and events that allow visitors (http/authenticate.ts,
 * realtime/handle-event.ts).
 */
export type Principal = (typeof users.$inferSelect)['kind'];

export interface Session {
  sessionId: string;
  userId: string;
  principal: Principal;
}

/** A session's times: whether it has ended (`SessionStore`). */
export interface SessionTimes {
  createdAt: Date;
  lastUsedAt: Date;
}

/** A session as read by its token's hash, by `SessionStore` or by a caller's own query. */
export interface SessionRow extends Session, SessionTimes {}

/** A `SessionRow` as a select reads it (sessions joined to their users). */
export const sessionRowColumns = {
  sessionId: sessions.id,
  userId: sessions.userId,
  principal: users.kind,
  createdAt: sessions.createdAt,
  lastUsedAt: sessions.lastUsedAt,
};

/** The only form of a session token the database keeps (exported for seeding tools). */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Opaque bearer tokens; only their hash is stored, so revoking is deleting a row. A session ends
 * when unused for `idleMs` or `maxMs` after sign-in: from then on it resolves to nothing, and the
 * sweep deletes its row.
 */
export class SessionStore {
  /** Runs at every request and handshake: prepared (see `preparedPerHandle`). */
  private readonly sessionByTokenHash;

  constructor(
    private readonly db: Db,
    private readonly config: SessionConfig,
  ) {
    this.sessionByTokenHash = db
      .select(sessionRowColumns)
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
      .limit(1)
      .prepare('session_by_token_hash');
  }

  async create(
    userId: string,
    principal: Principal = 'user',
  ): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString('base64url');
    const sessionId = crypto.randomUUID();
    const now = new Date();
    await this.db.insert(sessions).values({
      id: sessionId,
      userId,
      tokenHash: hashToken(token),
      createdAt: now,
      lastUsedAt: now,
    });
    return { token, session: { sessionId, userId, principal } };
  }

  /**
   * The live session a token names, or undefined (unknown, revoked or ended). Bumps its idle clock
   * at most once per `touchIntervalMs`, so the hot path is one read.
   */
  async resolve(token: string, now = Date.now()): Promise<Session | undefined> {
    const row = await this.resolveThrough(
      token,
      async (tokenHash) => (await this.sessionByTokenHash.execute({ tokenHash }))[0],
      now,
    );
    return row && { sessionId: row.sessionId, userId: row.userId, principal: row.principal };
  }

  /**
   * `resolve` with the caller's own query by the token's hash, one that reads more than the
   * session in the same round trip (a socket handshake reads the user's rooms with it): answers
   * that query's row if its session is live, with the same checks and idle-clock bump.
   */
  async resolveThrough<R extends SessionRow>(
    token: string,
    readByTokenHash: (tokenHash: string) => Promise<R | undefined>,
    now = Date.now(),
  ): Promise<R | undefined> {
    if (token.length === 0 || token.length > 128) return undefined;
    const row = await readByTokenHash(hashToken(token));
    if (!row || this.hasEnded(row, now)) return undefined;
    if (now - row.lastUsedAt.getTime() >= this.config.touchIntervalMs) {
      await this.db
        .update(sessions)
        .set({ lastUsedAt: new Date(now) })
        .where(eq(sessions.id, row.sessionId));
    }
    return row;
  }

  /**
   * Whether a session read by the caller (its times; undefined: no such session) has not ended:
   * a handshake's re-check (realtime/handshake-reads.ts).
   */
  isLiveRow(times: SessionTimes | undefined, now = Date.now()): boolean {
    return !!times && !this.hasEnded(times, now);
  }

  async revoke(sessionId: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.id, sessionId));
  }

  /** Ends every session of a user ("sign out everywhere"). */
  async revokeAllOfUser(userId: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.userId, userId));
  }

  /** Ends every session of a user but `keepSessionId` (a password change keeps its own). */
  async revokeOthersOfUser(
    userId: string,
    keepSessionId: string,
    db: Executor = this.db,
  ): Promise<void> {
    await db
      .delete(sessions)
      .where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)));
  }

  /** Deletes every ended session; answers their ids, so their sockets can be disconnected. */
  async deleteEnded(now = Date.now()): Promise<string[]> {
    const rows = await this.db
      .delete(sessions)
      .where(
        or(
          lte(sessions.lastUsedAt, new Date(now - this.config.idleMs)),
          lte(sessions.createdAt, new Date(now - this.config.maxMs)),
        ),
      )
      .returning({ id: sessions.id });
    return rows.map((row) => row.id);
  }

  private hasEnded(row: SessionTimes, now: number): boolean {
    return (
      now - row.lastUsedAt.getTime() >= this.config.idleMs ||
      now - row.createdAt.getTime() >= this.config.maxMs
    );
  }
}
