import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

/**
 * The extensions Natter's migrations create. Every PGlite that opens a Natter database must load
 * them or it cannot open it: the server, and tools that read its data directory (the benchmark).
 * pg_trgm backs the user search's trigram indexes (migration 0003), as on PostgreSQL; unaccent
 * folds accents in message search and btree_gin lets its index lead with the room (0013).
 */
export const pgliteExtensions = { btree_gin, pg_trgm, unaccent };
