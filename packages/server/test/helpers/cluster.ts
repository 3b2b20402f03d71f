import type { RedisAdapterKind, ServerConfig } from '../../src/config.js';
import { PrivateRedis } from './private-redis.js';
import { createScratchDatabase } from './scratch-database.js';
import type { TestServer } from './test-server.js';
import { startTestServer, testDriver } from './test-server.js';

/**
 * Several nodes share one PostgreSQL; PGlite lives inside one process, so cluster tests run in
 * the server-postgres project only.
 */
export const clusterCanRun = testDriver === 'postgres';

export interface TestCluster {
  nodes: TestServer[];
  /** The cluster's own Redis: a test may stop and restart it. */
  redis: PrivateRedis;
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * Natter nodes in this process, each a whole server with its own port, pool and Redis
 * connections, on a scratch PostgreSQL database and a Redis of their own: what crosses from one
 * to another goes through Redis exactly as between machines.
 */
export async function startCluster(
  options: {
    nodes?: number;
    adapter?: RedisAdapterKind;
    overrides?: Partial<ServerConfig>;
  } = {},
): Promise<TestCluster> {
  const redis = await PrivateRedis.start();
  const database = await createScratchDatabase('natter_cluster');
  const nodes: TestServer[] = [];
  const close = async () => {
    for (const node of nodes.splice(0)) await node.close();
    await database.drop();
    await redis.stop();
  };
  try {
    for (let i = 0; i < (options.nodes ?? 3); i++) {
      nodes.push(
        await startTestServer({
          databaseUrl: database.url,
          redis: { url: redis.url, keyPrefix: 'natter:', adapter: options.adapter ?? 'pubsub' },
          ...options.overrides,
        }),
      );
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { nodes, redis, databaseUrl: database.url, close };
}
