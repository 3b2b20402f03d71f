/**
 * Deadlocks PostgreSQL detected in the connected database (`pg_stat_database.deadlocks`). A
 * backend publishes its statistics when it has been idle a while or when it ends, so the count is
 * read once every other backend of the database is gone (the target's servers stopped).
 * @param {import('./sql-client.js').SqlClient} db
 */
export async function deadlocksOf(db) {
  await untilOnlyClient(db);
  const { rows } = await db.query(
    'SELECT deadlocks::int AS n FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(rows[0]?.n);
}

/** @param {import('./sql-client.js').SqlClient} db */
async function untilOnlyClient(db, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    if (Number(rows[0]?.n) === 0) return;
    if (Date.now() > deadline)
      throw new Error(`other backends still on the database after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
