import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrivatePostgres } from '../../packages/server/test/helpers/private-postgres.js';
import { freePort, PrivateRedis } from '../../packages/server/test/helpers/private-redis.js';
import { startBalancer } from '../../scripts/cluster/balancer.js';
import type { Balancer } from '../../scripts/cluster/balancer.js';
import { startNode, waitUntilHealthy } from '../../scripts/cluster/nodes.js';
import type { ClusterNode } from '../../scripts/cluster/nodes.js';

/** One node slot of the soak's cluster: its current process changes with every restart. */
export interface NodeSlot {
  name: string;
  port: number;
  current: ClusterNode;
  /** When the current process started (ms since the epoch): its warm-up is left out. */
  startedAt: number;
  restarts: number;
}

/** What the node processes print at `error` level or above, counted by message. */
export type LogErrorSink = (node: string, message: string, detail?: string) => void;

/**
 * The soak's own world: a PostgreSQL and a Redis it may restart (never the machine's shared
 * ones), N built-server nodes started the way `npm run cluster` starts them (shared DATA_DIR for
 * the local file driver's files), and `npm run cluster`'s balancer in front, which skips a node
 * that refuses connections, as nginx's passive health checks do.
 */
export class SoakStack {
  private constructor(
    readonly postgres: PrivatePostgres,
    readonly redis: PrivateRedis,
    readonly dataDir: string,
    readonly slots: NodeSlot[],
    readonly balancer: Balancer,
    private readonly env: Record<string, string>,
    private readonly onLogError: LogErrorSink,
  ) {}

  static async start(nodeCount: number, onLogError: LogErrorSink): Promise<SoakStack> {
    const cleanups: (() => Promise<void>)[] = [];
    try {
      const postgres = await PrivatePostgres.start();
      cleanups.push(() => postgres.destroy());
      const redis = await PrivateRedis.start();
      cleanups.push(() => redis.stop());
      const dataDir = await mkdtemp(join(tmpdir(), 'natter-soak-data-'));
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      const env = {
        DATABASE_URL: postgres.url,
        REDIS_URL: redis.url,
        DATA_DIR: dataDir,
        HOST: '127.0.0.1',
        TRUST_PROXY: '1',
        UPLOAD_SIGNING_KEY: randomBytes(32).toString('hex'),
        // Every simulated client comes from 127.0.0.1: per-address limits would throttle them all
        // as one. The soak is about surviving faults, not about the rate limiter.
        RATE_LIMITS: 'off',
        LOG_LEVEL: 'warn',
      };
      const slots: NodeSlot[] = [];
      for (let i = 0; i < nodeCount; i++) {
        const name = `node${i + 1}`;
        const port = await freePort();
        const slot: NodeSlot = {
          name,
          port,
          current: startNode(name, port, env, logReader(name, onLogError)),
          startedAt: Date.now(),
          restarts: 0,
        };
        slots.push(slot);
        cleanups.push(() => slot.current.kill());
        // The first node migrates the empty database; the others then start on it.
        if (i === 0) await waitUntilHealthy(slot.current);
      }
      await Promise.all(slots.map((slot) => waitUntilHealthy(slot.current)));
      const balancer = await startBalancer({
        backends: slots.map(({ name, port }) => ({ name, port })),
        port: 0,
        healthIntervalMs: 1_000,
      });
      return new SoakStack(postgres, redis, dataDir, slots, balancer, env, onLogError);
    } catch (error) {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      throw error;
    }
  }

  get url(): string {
    return this.balancer.url;
  }

  /** SIGKILLs the slot's node, waits `downMs`, starts it again and waits until it is healthy. */
  async killAndRestart(slot: NodeSlot, downMs: number): Promise<void> {
    await slot.current.kill();
    await pause(downMs);
    slot.current = startNode(slot.name, slot.port, this.env, logReader(slot.name, this.onLogError));
    slot.startedAt = Date.now();
    slot.restarts++;
    await waitUntilHealthy(slot.current);
  }

  async restartRedis(downMs: number): Promise<void> {
    await this.redis.stop();
    await pause(downMs);
    await this.redis.restart();
  }

  async restartPostgres(downMs: number): Promise<void> {
    await this.postgres.stop();
    await pause(downMs);
    await this.postgres.restart();
  }

  /** Stops everything it started and deletes its files; safe to call after a failure. */
  async stop(): Promise<void> {
    await this.balancer.close().catch(() => undefined);
    await Promise.all(this.slots.map((slot) => slot.current.kill()));
    await this.redis.stop().catch(() => undefined);
    await this.postgres.destroy();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

/** The node's JSON log lines at `error` (50) or worse go to `sink`; the rest is dropped. */
function logReader(node: string, sink: LogErrorSink): (line: string) => void {
  return (prefixed) => {
    const line = prefixed.slice(prefixed.indexOf(' ') + 1);
    let entry: { level?: number; msg?: string; err?: { message?: string } };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      sink(node, `unparsed output: ${line.slice(0, 120)}`);
      return;
    }
    if ((entry.level ?? 0) >= 50) sink(node, entry.msg ?? 'error', entry.err?.message);
  };
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
