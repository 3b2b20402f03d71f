import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedNaive } from './seed-naive.js';
import { openNatterSql, seedNatter } from './seed-natter.js';
import { createDatabase, dropDatabase } from './sql-client.js';

/**
 * The servers under test. Each is started by the benchmark as its own process, on its own port
 * and its own fresh storage, and torn down afterwards.
 * @typedef {'ceiling' | 'naive' | 'natter-pg' | 'natter-pglite' | 'natter-pg-before' | 'natter-pglite-before'} TargetName
 * @typedef {{ name: TargetName, url: string, pid: number, persists: boolean, hasSeq: boolean,
 *   countMessages: () => Promise<{ total: number, badRooms: number } | undefined>,
 *   stop: () => Promise<void> }} RunningTarget
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const serverScript = {
  ceiling: join(root, 'bench/servers/ceiling.js'),
  naive: join(root, 'bench/servers/naive.js'),
  natter: join(root, 'packages/server/dist/main.js'),
};

/** @param {number} port */
async function waitForPort(port, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${port} after ${timeoutMs} ms`);
}

/**
 * @param {string} script @param {Record<string, string>} env @param {string[]} nodeArgs
 */
function startProcess(script, env, nodeArgs) {
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
    cwd: root,
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    pid: /** @type {number} */ (child.pid),
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Starts a target with its storage seeded for the plan.
 * @param {TargetName} name
 * `natter-*-before` run another build of the server (`beforeDist`: its `dist` folder), to
 * measure an optimisation against the code before it in the same run.
 * @param {{ port: number, plan: import('./plan.js').Plan, historyMessages: number, nodeArgs?: string[], beforeDist?: string }} options
 * @returns {Promise<RunningTarget>}
 */
export async function startTarget(
  name,
  { port, plan, historyMessages, nodeArgs = [], beforeDist },
) {
  const url = `http://127.0.0.1:${port}`;
  const dbName = `natter_bench_${name.replaceAll('-', '_')}_${process.pid}`;
  if (name === 'ceiling') {
    const dir = await mkdtemp(join(tmpdir(), 'natter-bench-'));
    const file = join(dir, 'plan.json');
    /** @type {Record<string, { userId: string, roomIds: string[] }>} */
    const byToken = {};
    for (const u of plan.users) byToken[u.token] = { userId: u.id, roomIds: [] };
    for (const r of plan.rooms) for (const m of r.members) byToken[m.token]?.roomIds.push(r.id);
    await writeFile(file, JSON.stringify(byToken));
    const proc = startProcess(
      serverScript.ceiling,
      { PORT: String(port), BENCH_PLAN_FILE: file },
      nodeArgs,
    );
    await waitForPort(port);
    return {
      name,
      url,
      pid: proc.pid,
      persists: false,
      hasSeq: true,
      countMessages: async () => undefined,
      stop: async () => (await proc.stop(), await rm(dir, { recursive: true, force: true })),
    };
  }
  if (name === 'naive') {
    const databaseUrl = await createDatabase(dbName);
    await seedNaive(databaseUrl, plan, historyMessages);
    const proc = startProcess(
      serverScript.naive,
      { PORT: String(port), DATABASE_URL: databaseUrl },
      nodeArgs,
    );
    await waitForPort(port);
    const { connectPostgres } = await import('./sql-client.js');
    return {
      name,
      url,
      pid: proc.pid,
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
  const storage =
    name.startsWith('natter-pg') && !name.startsWith('natter-pglite')
      ? { databaseUrl: await createDatabase(dbName) }
      : { pgliteDir: join(await mkdtemp(join(tmpdir(), 'natter-bench-')), 'db') };
  await seedNatter(storage, plan, historyMessages);
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    RATE_LIMITS: 'off',
    LOG_LEVEL: 'warn',
    DATA_DIR: join(tmpdir(), `natter-bench-data-${process.pid}`),
    ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
  };
  if (storage.pgliteDir) Object.assign(env, { DATA_DIR: join(storage.pgliteDir, '..') });
  const before = name.endsWith('-before');
  if (before && !beforeDist) throw new Error(`${name} needs --before-dist`);
  const script = before ? join(/** @type {string} */ (beforeDist), 'main.js') : serverScript.natter;
  const proc = startProcess(script, env, nodeArgs);
  await waitForPort(port);
  let stopped = false;
  const stopServer = async () => {
    if (!stopped) await proc.stop();
    stopped = true;
  };
  return {
    name,
    url,
    pid: proc.pid,
    persists: true,
    hasSeq: true,
    // PGlite has one owner: the server is stopped before the check opens its directory.
    countMessages: async () => {
      if (storage.pgliteDir) await stopServer();
      const db = await openNatterSql(storage);
      const total = await db.query(
        "SELECT count(*)::int AS n FROM messages WHERE client_id NOT LIKE 'seed-%'",
      );
      // Gapless seqs: in every room, the seqs are exactly 1..last_seq.
      const bad = await db.query(
        `SELECT count(*)::int AS n FROM rooms r
         WHERE r.last_seq <> (SELECT count(*) FROM messages m WHERE m.room_id = r.id)
            OR r.last_seq <> coalesce((SELECT max(seq) FROM messages m WHERE m.room_id = r.id), 0)`,
      );
      await db.close();
      return { total: Number(total.rows[0]?.n), badRooms: Number(bad.rows[0]?.n) };
    },
    stop: async () => {
      await stopServer();
      if (storage.databaseUrl) await dropDatabase(dbName);
      if (storage.pgliteDir)
        await rm(join(storage.pgliteDir, '..'), { recursive: true, force: true });
    },
  };
}
