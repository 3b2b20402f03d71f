/**
 * Leaves a freshly seeded PostgreSQL database as a running one would be, before its target is
 * measured: planner statistics (ANALYZE), hint bits and visibility map set (VACUUM; otherwise
 * the first readers write them, and autovacuum wakes for the million inserted rows in the middle
 * of a scenario), and the seeding's dirty pages written (CHECKPOINT; otherwise a checkpoint the
 * WAL volume forces lands on whichever target runs next). Without it, the second of two targets
 * in a run measured slower, whatever its build (docs/performance.md, "Memory per idle socket").
 * @param {import('./sql-client.js').SqlClient} db
 */
export async function settle(db) {
  await db.query('VACUUM (ANALYZE)');
  await db.query('CHECKPOINT');
}
