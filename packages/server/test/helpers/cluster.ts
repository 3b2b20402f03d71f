import { createClient } from 'redis';
import { afterEach } from 'vitest';
import type { RedisAdapterKind, ServerConfig } from '../../src/config.js';
import type { ClientSocket } from './clients.js';
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

/**
 * A fresh cluster per test of a describe block: `start` makes one; after each test its `sockets`
 * are closed, its `cleanups` run (newest first) and the cluster is closed.
 */
export function useClusterPerTest(overrides: Partial<ServerConfig> = {}) {
  let current: TestCluster | undefined;
  const cleanups: (() => Promise<unknown>)[] = [];
  const sockets: ClientSocket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await current?.close();
    current = undefined;
  });
  const cluster = (): TestCluster => {
    if (!current) throw new Error('no cluster started in this test');
    return current;
  };
  return {
    cluster,
    cleanups,
    sockets,
    async start(nodes: number): Promise<TestServer[]> {
      current = await startCluster({ nodes, overrides });
      return current.nodes;
    },
    /** A look into the cluster's Redis, for what no client can observe (a node's bookkeeping). */
    async peek() {
      const redis = createClient({ url: cluster().redis.url });
      await redis.connect();
      cleanups.push(() => redis.close());
      return redis;
    },
  };
}
