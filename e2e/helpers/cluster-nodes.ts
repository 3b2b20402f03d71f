import { startProcessCluster } from '../../packages/server/test/helpers/node-processes.js';
import type { NodeProcess } from '../../packages/server/test/helpers/node-processes.js';

/** The local PostgreSQL the tests use (README "Tests"); scratch databases are made beside it. */
export const ADMIN_URL =
  process.env.NATTER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A node as the load balancers see it: a name for their logs and the port to send to. */
export interface E2eNode extends NodeProcess {
  name: string;
}

export interface E2eCluster {
  nodes: E2eNode[];
  /** Stops every node still running, the Redis, and drops the database. */
  stop(): Promise<void>;
}

/**
 * `count` BUILT server processes as one deployment (test/helpers/node-processes.ts: a scratch
 * PostgreSQL database, a Redis of their own, one upload-signing key), with `TRUST_PROXY=1`: they
 * stand behind a proxy, as docs/deploy.md says.
 */
export async function startE2eCluster(count: number): Promise<E2eCluster> {
  const cluster = await startProcessCluster({
    nodes: count,
    env: { TRUST_PROXY: '1' },
    databaseAdminUrl: ADMIN_URL,
  });
  return {
    nodes: cluster.nodes.map((node, i) => Object.assign(node, { name: `node${i + 1}` })),
    stop: cluster.close,
  };
}
