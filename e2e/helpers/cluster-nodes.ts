import { randomBytes } from 'node:crypto';
import { createScratchDatabase } from '../../packages/server/test/helpers/scratch-database.js';
import { PrivateRedis } from '../../packages/server/test/helpers/private-redis.js';
import { startServer } from './server.js';
import type { E2eServer } from './server.js';

/** The local PostgreSQL the tests use (README "Tests"); scratch databases are made beside it. */
const ADMIN_URL = process.env.NATTER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface E2eNode extends E2eServer {
  name: string;
  port: number;
}

export interface E2eCluster {
  nodes: E2eNode[];
  /** Stops every node still running, the Redis, and drops the database. */
  stop(): Promise<void>;
}

/**
 * `count` BUILT server processes (e2e/helpers/server.ts) as one deployment: a scratch PostgreSQL
 * database, a Redis of their own, one upload-signing key, and `TRUST_PROXY=1` (they stand behind
 * a proxy), as docs/deploy.md says every node must share. Started one after the other: each
 * migrates at start-up, and the first does the work.
 */
export async function startE2eCluster(count: number): Promise<E2eCluster> {
  const database = await createScratchDatabase('natter_e2e_cluster', ADMIN_URL);
  const redis = await PrivateRedis.start();
  const nodes: E2eNode[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await redis.stop();
    await database.drop();
  };
  const shared = {
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    UPLOAD_SIGNING_KEY: randomBytes(32).toString('hex'),
    TRUST_PROXY: '1',
  };
  try {
    for (let i = 1; i <= count; i++) {
      const server = await startServer(shared);
      nodes.push({ ...server, name: `node${i}`, port: Number(new URL(server.url).port) });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes, stop };
}
