/**
 * Rows of a raw `db.execute(sql...)` result. node-postgres and PGlite both answer with an object
 * that has `rows`; Drizzle types the union loosely, so this is the one place that says so.
 */
export function rawRows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
