import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deadlocksOf } from './pg-stats.js';
import { startNodeScript, waitForPort } from './processes.js';
import { startPushSink } from './push-sink.js';
import { startRedis } from './redis-server.js';
import { seedNaive } from './seed-naive.js';
import { openNatterSql, seedNatter, seedPushSubscriptions } from './seed-natter.js';
import { connectPostgres, createDatabase, dropDatabase } from './sql-client.js';

/**
 * The servers under test. Each is started by the benchmark as its own process(es), on its own
 * ports and its own fresh storage, and torn down afterwards. A cluster target
 * (`natter-pg-<redis|streams>-<nodes>`) runs several Natter nodes on one database and a Redis of
 * its own; clients spread over the nodes' `urls`. `natter-pg-push` is natter-pg with every member of
 * the conversation rooms subscribed to Web Push (a local push sink) and connected as a hidden tab,
 * so every message goes down the push path: its throughput beside natter-pg's is push's cost.
 * `natter-pg-workers-<n>` is natter-pg with WORKERS=n (`auto`: one per core): one port, a primary
 * and n worker processes, no Redis; its CPU is the primary's and the workers' together.
 * @typedef {'ceiling' | 'naive' | 'natter-pg' | 'natter-pglite' | 'natter-pg-before' | 'natter-pglite-before'
 *   | 'natter-pg-push' | `natter-pg-${'redis' | 'streams'}-${number}` | `natter-pg-workers-${number | 'auto'}`} TargetName
 * `databaseUrl`: a PostgreSQL target's database, for scenarios that seed their own data.
 * @typedef {{ name: TargetName, urls: string[], pids: number[], persists: boolean, hasSeq: boolean,
 *   databaseUrl?: string,
 *   redis?: import('./redis-server.js').BenchRedis, pushSink?: import('./push-sink.js').PushSink,
 *   countMessages: () => Promise<{ total: number, badRooms: number, deadlocks?: number, pushes?: number } | undefined>,
 *   stop: () => Promise<void> }} RunningTarget
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const serverScript = {
  ceiling: join(root, 'bench/servers/ceiling.js'),
  naive: join(root, 'bench/servers/naive.js'),
  natter: join(root, 'packages/server/dist/main.js'),
};

/**
 * What a `natter-*` name asks for: its storage, another build (`-before`), and for a cluster its
 * node count and Socket.IO adapter (`redis` is the pub/sub adapter, Natter's default).
 * @param {string} name
 */
function natterShape(name) {
  const cluster = /^natter-pg-(redis|streams)-([1-9])$/.exec(name);
  if (cluster) {
    const adapter = cluster[1] === 'redis' ? 'pubsub' : 'streams';
    return { pglite: false, before: false, nodes: Number(cluster[2]), adapter, push: false };
  }
  const workers = /^natter-pg-workers-([1-9]\d?|auto)$/.exec(name);
  if (workers) {
    return {
      pglite: false,
      before: false,
      nodes: 1,
      adapter: undefined,
      push: false,
      workers: workers[1],
    };
  }
  if (name === 'natter-pg-push') {
    return { pglite: false, before: false, nodes: 1, adapter: undefined, push: true };
  }
  const single = /^natter-(pg|pglite)(-before)?$/.exec(name);
  if (!single) throw new Error(`unknown target ${name}`);
  return {
    pglite: single[1] === 'pglite',
    before: Boolean(single[2]),
    nodes: 1,
    adapter: undefined,
    push: false,
  };
}

/**
 * Starts a target with its storage seeded for the plan.
 * @param {TargetName} name
 * `natter-*-before` run another build of the server (`beforeDist`: its `dist` folder), to
 * measure an optimisation against the code before it in the same run.
 * @param {{ ports: () => number, plan: import('./plan.js').Plan, historyMessages: number, idleRoomMessages: number,
 *   nodeArgs?: string[], beforeDist?: string }} options
 *   `ports` hands out the run's next free port.
 * @returns {Promise<RunningTarget>}
 */
export async function startTarget(
  name,
  { ports, plan, historyMessages, idleRoomMessages, nodeArgs = [], beforeDist },
) {
  const dbName = `natter_bench_${name.replaceAll('-', '_')}_${process.pid}`;
  if (name === 'ceiling') {
    const port = ports();
    const dir = await mkdtemp(join(tmpdir(), 'natter-bench-'));
    const file = join(dir, 'plan.json');
    /** @type {Record<string, { userId: string, roomIds: string[] }>} */
    const byToken = {};
    for (const u of plan.users) byToken[u.token] = { userId: u.id, roomIds: [] };
    for (const r of plan.rooms) for (const m of r.members) byToken[m.token]?.roomIds.push(r.id);
    await writeFile(file, JSON.stringify(byToken));
    const proc = startNodeScript(
      serverScript.ceiling,
      { PORT: String(port), BENCH_PLAN_FILE: file },
      nodeArgs,
    );
    await waitForPort(port);
    return {
      name,
      urls: [`http://127.0.0.1:${port}`],
      pids: [proc.pid],
      persists: false,
      hasSeq: true,
      countMessages: async () => undefined,
      stop: async () => (await proc.stop(), await rm(dir, { recursive: true, force: true })),
    };
  }
  if (name === 'naive') {
    const port = ports();
    const databaseUrl = await createDatabase(dbName);
    await seedNaive(databaseUrl, plan, historyMessages);
    const proc = startNodeScript(
      serverScript.naive,
      { PORT: String(port), DATABASE_URL: databaseUrl },
      nodeArgs,
    );
    await waitForPort(port);
    return {
      name,
      urls: [`http://127.0.0.1:${port}`],
      pids: [proc.pid],
      persists: true,
      hasSeq: false,
      countMessages: async () => {
        const db = await connectPostgres(databaseUrl);
        const { rows } = await db.query(
          "SELECT count(*)::int AS n FROM messages WHERE client_id NOT LIKE 'seed-%'",
        );
        await db.close();
        return { total: Number(rows[0]?.n), badRooms: 0 };
      },
      stop: async () => (await proc.stop(), await dropDatabase(dbName)),
    };
  }
  return startNatter(name, natterShape(name), dbName, {
    ports,
    plan,
    historyMessages,
    idleRoomMessages,
    nodeArgs,
    beforeDist,
  });
}

/**
 * Natter on its storage: one node, or a cluster of nodes on one PostgreSQL database and a Redis.
 * @param {TargetName} name @param {ReturnType<typeof natterShape>} shape @param {string} dbName
 * @param {Parameters<typeof startTarget>[1]} options
 * @returns {Promise<RunningTarget>}
 */
async function startNatter(
  name,
  shape,
  dbName,
  { ports, plan, historyMessages, idleRoomMessages, nodeArgs = [], beforeDist },
) {
  if (shape.before && !beforeDist) throw new Error(`${name} needs --before-dist`);
  const storage = shape.pglite
    ? { pgliteDir: join(await mkdtemp(join(tmpdir(), 'natter-bench-')), 'db') }
    : { databaseUrl: await createDatabase(dbName) };
  /** @type {import('./redis-server.js').BenchRedis | undefined} */
  let redis;
  /** @type {import('./push-sink.js').PushSink | undefined} */
  let pushSink;
  /** @type {ReturnType<typeof startNodeScript>[]} */
  const nodes = [];
  let serversStopped = false;
  const stopServers = async () => {
    if (!serversStopped) await Promise.all(nodes.map((node) => node.stop()));
    serversStopped = true;
  };
  const stop = async () => {
    await stopServers();
    await redis?.stop();
    await pushSink?.stop();
    if (storage.databaseUrl) await dropDatabase(dbName);
    if (storage.pgliteDir)
      await rm(join(storage.pgliteDir, '..'), { recursive: true, force: true });
  };
  try {
    const migrate = shape.before
      ? /** @type {typeof import('@natter/server')} */ (
          await import(pathToFileURL(join(/** @type {string} */ (beforeDist), 'index.js')).href)
        ).migrateDatabase
      : undefined;
    await seedNatter(storage, plan, historyMessages, idleRoomMessages, migrate);
    const deadlocksBefore = storage.databaseUrl ? await deadlocksIn(storage) : undefined;
    if (shape.adapter) redis = await startRedis(ports());
    if (shape.push) {
      pushSink = await startPushSink(ports());
      await seedPushSubscriptions(storage, plan, pushSink.origin);
    }
    const env = {
      HOST: '127.0.0.1',
      RATE_LIMITS: 'off',
      // Group commit's timings for the table (a build from before the switch ignores it).
      DEBUG_STATS: 'on',
      LOG_LEVEL: 'warn',
      DATA_DIR: storage.pgliteDir
        ? join(storage.pgliteDir, '..')
        : join(tmpdir(), `natter-bench-data-${process.pid}`),
      ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
      ...(redis && shape.adapter ? { REDIS_URL: redis.url, REDIS_ADAPTER: shape.adapter } : {}),
      ...('workers' in shape ? { WORKERS: String(shape.workers) } : {}),
      ...(pushSink
        ? { NODE_EXTRA_CA_CERTS: pushSink.caFile, PUSH_ENDPOINT_ORIGINS: pushSink.origin }
        : {}),
    };
    const script = shape.before
      ? join(/** @type {string} */ (beforeDist), 'main.js')
      : serverScript.natter;
    const nodePorts = Array.from({ length: shape.nodes }, ports);
    for (const port of nodePorts)
      nodes.push(startNodeScript(script, { ...env, PORT: String(port) }, nodeArgs));
    await Promise.all(nodePorts.map((port) => waitForPort(port)));
    return {
      name,
      urls: nodePorts.map((port) => `http://127.0.0.1:${port}`),
      // A primary listens once its workers serve: they are all there by now.
      pids: nodes.flatMap((node) => [node.pid, ...childrenOf(node.pid)]),
      persists: true,
      hasSeq: true,
      databaseUrl: storage.databaseUrl,
      redis,
      pushSink,
      // The servers stop first: nothing is in flight any more, PGlite's single owner lets go of
      // its directory, and PostgreSQL's backends, ending, publish their deadlock counts.
      countMessages: async () => {
        await stopServers();
        const db = await openNatterSql(storage);
        try {
          const total = await db.query(
            "SELECT count(*)::int AS n FROM messages WHERE client_id NOT LIKE 'seed-%'",
          );
          // Gapless seqs: in every room, the seqs are exactly 1..last_seq.
          const bad = await db.query(
            `SELECT count(*)::int AS n FROM rooms r
             WHERE r.last_seq <> (SELECT count(*) FROM messages m WHERE m.room_id = r.id)
                OR r.last_seq <> coalesce((SELECT max(seq) FROM messages m WHERE m.room_id = r.id), 0)`,
          );
          const deadlocks =
            deadlocksBefore === undefined ? undefined : (await deadlocksOf(db)) - deadlocksBefore;
          return {
            total: Number(total.rows[0]?.n),
            badRooms: Number(bad.rows[0]?.n),
            deadlocks,
            pushes: pushSink?.pushes(),
          };
        } finally {
          await db.close();
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The processes a server forked (WORKERS > 1: its workers). @param {number} pid */
function childrenOf(pid) {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
}

/** @param {import('./seed-natter.js').NatterStorage} storage */
async function deadlocksIn(storage) {
  const db = await openNatterSql(storage);
  try {
    return await deadlocksOf(db);
  } finally {
    await db.close();
  }
}
