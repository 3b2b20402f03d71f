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
  /** Runs at every handshake's re-check: prepared likewise. */
  private readonly sessionTimesById;

  constructor(
    private readonly db: Db,
    private readonly config: SessionConfig,
  ) {
    this.sessionByTokenHash = db
      .select({
        sessionId: sessions.id,
        userId: sessions.userId,
        principal: users.kind,
        createdAt: sessions.createdAt,
        lastUsedAt: sessions.lastUsedAt,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
      .limit(1)
      .prepare('session_by_token_hash');
    this.sessionTimesById = db
      .select({ createdAt: sessions.createdAt, lastUsedAt: sessions.lastUsedAt })
      .from(sessions)
      .where(eq(sessions.id, sql.placeholder('sessionId')))
      .limit(1)
      .prepare('session_times_by_id');
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
    if (token.length === 0 || token.length > 128) return undefined;
    const [row] = await this.sessionByTokenHash.execute({ tokenHash: hashToken(token) });
    if (!row || this.hasEnded(row, now)) return undefined;
    if (now - row.lastUsedAt.getTime() >= this.config.touchIntervalMs) {
      await this.db
        .update(sessions)
        .set({ lastUsedAt: new Date(now) })
        .where(eq(sessions.id, row.sessionId));
    }
    return { sessionId: row.sessionId, userId: row.userId, principal: row.principal };
  }

  /** Whether a session still exists and has not ended (a handshake's re-check). */
  async isLive(sessionId: string, now = Date.now()): Promise<boolean> {
    const [row] = await this.sessionTimesById.execute({ sessionId });
    return !!row && !this.hasEnded(row, now);
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

  private hasEnded(row: { createdAt: Date; lastUsedAt: Date }, now: number): boolean {
    return (
      now - row.lastUsedAt.getTime() >= this.config.idleMs ||
      now - row.createdAt.getTime() >= this.config.maxMs
    );
  }
}
