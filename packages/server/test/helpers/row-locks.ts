import pg from 'pg';
import { hashToken } from '../../src/auth/session-store.js';

export interface RowLock {
  /** How many sessions wait on this lock now, directly or behind another waiter. */
  waiters(): Promise<number>;
  /** Commits the holding transaction: the waiting statements go on. */
  release(): Promise<void>;
}

/**
 * Holds a room's row lock from a transaction of the test's own (PostgreSQL only). A send into the
 * room then waits inside `append_messages`, which locks the room first: a send that is
 * demonstrably in flight, for as long as the test wants, with no timing involved.
 */
export function lockRoom(databaseUrl: string, roomId: string): Promise<RowLock> {
  return lockRow(databaseUrl, 'SELECT 1 FROM rooms WHERE id = $1 FOR UPDATE', roomId);
}

/**
 * Holds the row of the session a token names (PostgreSQL only). A handshake whose session is due
 * for its idle-clock bump then waits after its read, before the socket joins its channels: a
 * handshake demonstrably in its window (realtime/handshake-window.ts).
 */
export function lockSessionOfToken(databaseUrl: string, token: string): Promise<RowLock> {
  return lockRow(
    databaseUrl,
    'SELECT 1 FROM sessions WHERE token_hash = $1 FOR UPDATE',
    hashToken(token),
  );
}

async function lockRow(databaseUrl: string, lockingSelect: string, key: string): Promise<RowLock> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  const { rowCount } = await client.query(lockingSelect, [key]);
  if (rowCount !== 1) throw new Error(`no row to lock: ${lockingSelect}`);
  return {
    async waiters() {
      // Behind the first waiter the others queue on it, not on this session: count the chain.
      const { rows } = await client.query<{ count: string }>(`
        WITH RECURSIVE blocked(pid) AS (
          SELECT pid FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))
          UNION
          SELECT a.pid FROM pg_stat_activity a JOIN blocked b ON b.pid = ANY(pg_blocking_pids(a.pid))
        )
        SELECT count(*) FROM blocked`);
      return Number(rows[0]?.count ?? 0);
    },
    async release() {
      await client.query('COMMIT');
      await client.end();
    },
  };
}
