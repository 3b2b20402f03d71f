import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/**
 * The extensions Natter's migrations create. Every PGlite that opens a Natter database must load
 * them or it cannot open it: the server, and tools that read its data directory (the benchmark).
 * pg_trgm backs the user search's trigram indexes (migration 0003), as on PostgreSQL.
 */
export const pgliteExtensions = { pg_trgm };
