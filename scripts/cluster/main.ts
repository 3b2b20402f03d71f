import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startBalancer } from './balancer.js';
import type { Balancer } from './balancer.js';
import { startNode, waitUntilHealthy } from './nodes.js';
import type { ClusterNode } from './nodes.js';
import { checkPostgres, checkRedis } from './services.js';

/**
 * `npm run cluster [-- --nodes=N] [-- --no-build]`: builds as `npm start` does, then runs N Natter
 * nodes on PostgreSQL and Redis behind a local load balancer on PORT, for trying a cluster out on
 * one machine. docs/deploy.md says how to run one for real (nginx) and what every node shares.
 */
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/natter';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const say = (line: string) => console.log(`[cluster] ${line}`);

const { values } = parseArgs({
  options: { nodes: { type: 'string', default: '3' }, 'no-build': { type: 'boolean' } },
});
const nodeCount = Number(values.nodes);
if (!Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > 16) {
  console.error(`[cluster] --nodes must be a whole number from 1 to 16, not "${values.nodes}"`);
  process.exit(1);
}
const port = Number(process.env.PORT ?? 3000);
const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;

try {
  await checkPostgres(databaseUrl, process.env.DATABASE_URL === undefined, say);
  await checkRedis(redisUrl);
} catch (error) {
  console.error(`[cluster] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

if (!values['no-build']) {
  say('building (npm run build)…');
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/**
 * What every node must share. One DATA_DIR for all of them: with the local file driver it holds
 * the files every node serves and the upload-signing key, which the first node generates (once,
 * race-safe) and the others read. Settings already in the environment (UPLOAD_SIGNING_KEY,
 * PUBLIC_URL, ALLOWED_ORIGINS, S3_*, REDIS_KEY_PREFIX…) reach every node unchanged.
 */
const sharedEnv: Record<string, string> = {
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  DATA_DIR: resolve(process.env.DATA_DIR ?? './data/cluster'),
  HOST: '127.0.0.1',
  // The balancer is the way in and says who the client is; the nodes' own ports stay local.
  TRUST_PROXY: process.env.TRUST_PROXY ?? '1',
};

const nodes: ClusterNode[] = Array.from({ length: nodeCount }, (_, i) =>
  startNode(`node${i + 1}`, port + 1 + i, sharedEnv, (line) => console.log(line)),
);

let balancer: Balancer | undefined;
let stopping = false;
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('stopping every node (SIGTERM: each drains, then exits)…');
    await balancer?.close();
    await Promise.all(nodes.map((node) => node.stop()));
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
for (const node of nodes) {
  void node.exited.then((how) => {
    if (!stopping) say(`${node.name} exited (${how}); the balancer sends its traffic elsewhere`);
  });
}

try {
  await Promise.all(nodes.map((node) => waitUntilHealthy(node)));
  balancer = await startBalancer({ backends: nodes, port, log: say });
} catch (error) {
  console.error(`[cluster] ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}

say(
  `${nodeCount} nodes on ports ${port + 1}–${port + nodeCount}, ` +
    `PostgreSQL ${new URL(databaseUrl).pathname.slice(1)}, Redis ${redisUrl}`,
);
say(`open ${balancer?.url ?? ''} (Ctrl-C stops everything)`);
