import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.js';

/**
 * A database that has not answered `SELECT 1` by then counts as down: a load balancer's probe
 * must get an answer well within its own timeout, whatever state PostgreSQL is in.
 */
const DATABASE_PING_TIMEOUT_MS = 1_000;

export interface ReadinessDeps {
  db: Db;
  /** True once the node shuts down: it takes no new clients. */
  isDraining(): boolean;
}

/**
 * `GET /readyz`: whether a load balancer should send this node new clients. 200 `{ ready: true }`
 * while it serves; 503 while it drains for a shutdown (so the balancer stops sending clients
 * before the node stops taking them) or while the database does not answer. `/healthz` is the
 * liveness side: a node that is not ready is still alive and must not be restarted for it.
 */
export function registerReadinessRoute(app: FastifyInstance, deps: ReadinessDeps): void {
  // Probes arriving together share one ping: a burst of them costs the database one query.
  let ping: Promise<boolean> | undefined;
  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    if (deps.isDraining()) return reply.status(503).send({ ready: false, reason: 'draining' });
    ping ??= databaseAnswers(deps.db).finally(() => (ping = undefined));
    if (!(await ping)) return reply.status(503).send({ ready: false, reason: 'database' });
    return { ready: true };
  });
}

async function databaseAnswers(db: Db): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), DATABASE_PING_TIMEOUT_MS);
  });
  const answered = db.execute(sql`SELECT 1`).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
