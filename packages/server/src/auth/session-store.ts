import { createHash, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { sessions, users } from '../db/schema.js';

export interface Session {
  sessionId: string;
  userId: string;
}

/** The only form of a session token the database keeps (exported for seeding tools). */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Opaque bearer tokens; only their hash is stored, so revoking is deleting a row. */
export class SessionStore {
  /** Runs at every request and handshake: prepared (see `preparedPerHandle`). */
  private readonly sessionByTokenHash;

  constructor(private readonly db: Db) {
    this.sessionByTokenHash = db
      .select({ sessionId: sessions.id, userId: sessions.userId })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
      .limit(1)
      .prepare('session_by_token_hash');
  }

  async create(userId: string): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString('base64url');
    const sessionId = crypto.randomUUID();
    await this.db
      .insert(sessions)
      .values({ id: sessionId, userId, tokenHash: hashToken(token), createdAt: new Date() });
    return { token, session: { sessionId, userId } };
  }

  async resolve(token: string): Promise<Session | undefined> {
    if (token.length === 0 || token.length > 128) return undefined;
    const [row] = await this.sessionByTokenHash.execute({ tokenHash: hashToken(token) });
    return row;
  }

  async revoke(sessionId: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.id, sessionId));
  }
}
