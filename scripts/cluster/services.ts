import pg from 'pg';
import { createClient } from 'redis';

const CONNECT_TIMEOUT_MS = 3_000;

/**
 * Connects to PostgreSQL at `url`. When `createIfMissing` (the script's own default database) and
 * the server says the database does not exist, creates it through the server's `postgres`
 * database and says so. Throws a message an operator can act on.
 */
export async function checkPostgres(
  url: string,
  createIfMissing: boolean,
  say: (line: string) => void,
): Promise<void> {
  try {
    await runOn(url, 'SELECT 1');
  } catch (error) {
    if (!(createIfMissing && codeOf(error) === '3D000')) {
      throw new Error(
        `PostgreSQL is not reachable at ${redacted(url)} (${messageOf(error)}). ` +
          'Start it, or set DATABASE_URL to a database you can connect to.',
      );
    }
    const database = new URL(url).pathname.slice(1);
    const maintenance = new URL(url);
    maintenance.pathname = '/postgres';
    await runOn(maintenance.toString(), `CREATE DATABASE "${database.replaceAll('"', '""')}"`);
    say(`created the PostgreSQL database "${database}" at ${redacted(url)}`);
  }
}

/** Connects to Redis at `url` and pings it once; throws a message an operator can act on. */
export async function checkRedis(url: string): Promise<void> {
  const client = createClient({
    url,
    socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: false },
  });
  client.on('error', () => {}); // the failed connect below says what went wrong
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `Redis is not reachable at ${redacted(url)} (${messageOf(error)}). ` +
        'Start it (redis-server), or set REDIS_URL.',
    );
  } finally {
    if (client.isOpen) await client.close();
  }
}

async function runOn(connectionString: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The URL without its password, for messages. */
function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

const codeOf = (error: unknown) =>
  error instanceof Error && 'code' in error ? String(error.code) : undefined;
const messageOf = (error: unknown) =>
  error instanceof Error ? error.message || String(codeOf(error)) : String(error);
