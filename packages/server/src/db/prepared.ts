import type { Executor } from './database.js';

/**
 * Memoizes a set of prepared statements per database handle. PostgreSQL then parses and plans
 * each of them once per connection instead of at every call — for the hot small queries (a
 * session look-up, a page of history) planning costs more than running them. PGlite runs them
 * as ordinary queries.
 */
export function preparedPerHandle<T>(prepare: (db: Executor) => T): (db: Executor) => T {
  const prepared = new WeakMap<Executor, T>();
  return (db) => {
    let statements = prepared.get(db);
    if (!statements) prepared.set(db, (statements = prepare(db)));
    return statements;
  };
}
