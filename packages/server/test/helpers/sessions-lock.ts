import pg from 'pg';

export interface SessionsLock {
  /** How many statements in this database are waiting for a lock (handshakes stalled on it). */
  waiting(): Promise<number>;
  /** Ends the lock's transaction: the stalled reads go on. */
  release(): Promise<void>;
}

/**
 * Holds an exclusive lock on the sessions table, so that every handshake's session lookup waits
 * for it: a handshake that is reading the database, held there for as long as the test wants.
 * Only on a database of the test's own (a scratch database, a private PostgreSQL): it stalls
 * every login of that database.
 */
export function lockSessions(connectionString: string): Promise<SessionsLock> {
  return lockTable(connectionString, 'sessions');
}

/**
 * The same for any table: every statement that reads or writes it waits (`room_members`: a
 * handshake held after its session and privacy reads, before its rooms are read).
 */
export async function lockTable(connectionString: string, table: string): Promise<SessionsLock> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${client.escapeIdentifier(table)} IN ACCESS EXCLUSIVE MODE`);
  let released = false;
  return {
    async waiting() {
      const { rows } = await client.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      return rows[0]?.waiting ?? 0;
    },
    async release() {
      if (released) return;
      released = true;
      await client.query('COMMIT');
      await client.end();
    },
  };
}
