import pg from 'pg';

/**
 * A minimal query interface over PostgreSQL (node-postgres) or PGlite, for seeding and checks.
 * @typedef {{ query: (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>, close: () => Promise<void> }} SqlClient
 */

export const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** @param {string} database */
export const urlOf = (database) => {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
};

/** @param {string} url @returns {Promise<SqlClient>} */
export async function connectPostgres(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return { query: (text, params) => client.query(text, params), close: () => client.end() };
}

/** @param {string} dir @returns {Promise<SqlClient>} */
export async function openPglite(dir) {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pgliteExtensions } = await import('@natter/server');
  const db = await PGlite.create(dir, { extensions: pgliteExtensions });
  return {
    query: async (text, params) => ({ rows: (await db.query(text, params)).rows }),
    close: () => db.close(),
  };
}

/** Creates an empty database for one target. @param {string} name */
export async function createDatabase(name) {
  const admin = await connectPostgres(ADMIN_URL);
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.close();
  }
  return urlOf(name);
}

/** @param {string} name */
export async function dropDatabase(name) {
  const admin = await connectPostgres(ADMIN_URL);
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.close();
  }
}

/**
 * Inserts rows in multi-row statements of `chunk` rows.
 * @param {SqlClient} db @param {string} head e.g. `INSERT INTO t (a, b)` @param {unknown[][]} rows
 */
export async function insertRows(db, head, rows, chunk = 1000) {
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const params = part.flat();
    const width = part[0]?.length ?? 0;
    const values = part
      .map(
        (_, r) =>
          `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`,
      )
      .join(', ');
    await db.query(`${head} VALUES ${values}`, params);
  }
}
