import pg from 'pg';

export interface RoomLock {
  /** How many sessions wait on this lock now: a send stuck in its append counts one. */
  waiters(): Promise<number>;
  /** Commits the holding transaction: the waiting sends go on. */
  release(): Promise<void>;
}

/**
 * Holds a room's row lock from a transaction of the test's own (PostgreSQL only). A send into the
 * room then waits inside `append_messages`, which locks the room first: a send that is
 * demonstrably in flight, for as long as the test wants, with no timing involved.
 */
export async function lockRoom(databaseUrl: string, roomId: string): Promise<RoomLock> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query('SELECT 1 FROM rooms WHERE id = $1 FOR UPDATE', [roomId]);
  return {
    async waiters() {
      const { rows } = await client.query<{ count: string }>(
        'SELECT count(*) FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))',
      );
      return Number(rows[0]?.count ?? 0);
    },
    async release() {
      await client.query('COMMIT');
      await client.end();
    },
  };
}
