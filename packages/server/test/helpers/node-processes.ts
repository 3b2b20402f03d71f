import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrivateRedis } from './private-redis.js';
import { createScratchDatabase } from './scratch-database.js';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** How a process ended: its exit code, or the signal that killed it. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One real Natter process (`node packages/server/dist/main.js`), as an operator runs it. */
export interface NodeProcess {
  url: string;
  port: number;
  /** The process's id (with WORKERS > 1, the primary's: its workers are its children). */
  pid: number;
  /** Everything it printed so far (its JSON log): put it in a failure message. */
  output(): string;
  /** Settles once the process has ended. */
  readonly exited: Promise<ProcessExit>;
  /** Sends the signal and waits for the process to end. */
  kill(signal: 'SIGTERM' | 'SIGKILL'): Promise<ProcessExit>;
  /** A clean shutdown (SIGTERM), then SIGKILL if the process is still there after 5 s. */
  stop(): Promise<void>;
}

/**
 * Starts the BUILT server with exactly `env` (plus PATH): nothing of the test runner's
 * environment leaks in. Resolves with its URL, read from its "listening" log line (PORT=0 lets
 * the OS pick the port). `npm test` builds before it runs the tests; run
 * `npx tsc -b packages/server` after changing the server when running a file alone.
 */
export async function startNodeProcess(env: Record<string, string>): Promise<NodeProcess> {
  if (!existsSync(MAIN)) {
    throw new Error(
      `${MAIN} is missing: run \`npm run build\` (or \`npx tsc -b packages/server\`)`,
    );
  }
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => (output += chunk.toString());
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<ProcessExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const kill = async (signal: 'SIGTERM' | 'SIGKILL') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  try {
    const url = await listeningUrl(child, () => output, exited);
    const stop = async () => {
      const stuck = setTimeout(() => void kill('SIGKILL'), 5_000);
      await kill('SIGTERM');
      clearTimeout(stuck);
    };
    const pid = child.pid ?? 0;
    return { url, port: Number(new URL(url).port), pid, output: () => output, exited, kill, stop };
  } catch (error) {
    await kill('SIGKILL');
    throw error;
  }
}

function listeningUrl(
  child: ChildProcess,
  output: () => string,
  exited: Promise<ProcessExit>,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line: ${output()}`)), 30_000);
    const look = () => {
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output());
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off('data', look);
      resolve(match[1]);
    };
    child.stdout?.on('data', look);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the node exited (${code ?? signal}) before listening: ${output()}`));
    });
  });
}

/** Nodes on one scratch PostgreSQL database and one private Redis, as in production. */
export interface ProcessCluster {
  nodes: NodeProcess[];
  databaseUrl: string;
  redis: PrivateRedis;
  /** Starts one more node with the cluster's settings. */
  addNode(): Promise<NodeProcess>;
  /** SIGKILLs whatever still runs and drops the database and Redis. */
  close(): Promise<void>;
}

/**
 * Starts `nodes` real Natter processes (server-postgres only, like `startCluster`) sharing what
 * nodes must share: DATABASE_URL, REDIS_URL and its key prefix, UPLOAD_SIGNING_KEY. Each has its
 * own port and data directory; `env` adds settings for every node.
 */
export async function startProcessCluster(
  options: {
    nodes?: number;
    env?: Record<string, string>;
    /** Where the scratch database is made; by default beside the run's (server-postgres). */
    databaseAdminUrl?: string;
  } = {},
): Promise<ProcessCluster> {
  const redis = await PrivateRedis.start();
  const database = await createScratchDatabase('natter_processes', options.databaseAdminUrl);
  const dataDirs: string[] = [];
  const shared = {
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: 'natter:',
    UPLOAD_SIGNING_KEY: randomBytes(32).toString('hex'),
    RATE_LIMITS: 'off',
    ...options.env,
  };
  const nodes: NodeProcess[] = [];
  const addNode = async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'natter-node-'));
    dataDirs.push(dataDir);
    const node = await startNodeProcess({ ...shared, DATA_DIR: dataDir });
    nodes.push(node);
    return node;
  };
  const close = async () => {
    await Promise.all(nodes.map((node) => node.kill('SIGKILL')));
    await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
    await database.drop();
    await redis.stop();
  };
  try {
    // The first node migrates the empty database; the others then start side by side.
    await addNode();
    await Promise.all(Array.from({ length: (options.nodes ?? 3) - 1 }, addNode));
  } catch (error) {
    await close();
    throw error;
  }
  return { nodes, databaseUrl: database.url, redis, addNode, close };
}
