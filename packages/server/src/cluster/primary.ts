import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { setupPrimary as relayClusterAdapter } from '@socket.io/cluster-adapter';
import { setupMaster as balanceStickySessions } from '@socket.io/sticky';
import { RateLimiterClusterMaster } from 'rate-limiter-flexible';
import type { Logger } from '../logger.js';
import { handOverUnread } from './hand-over-unread.js';
import { isNatterMessage } from './ipc-messages.js';
import type { ToPrimary } from './ipc-messages.js';
import { servePrimaryRequests } from './primary-requests.js';

/** The wait before a dead worker is replaced; it doubles with each worker that died young. */
const RESTART_DELAY_MIN_MS = 250;
const RESTART_DELAY_MAX_MS = 15_000;
/** A worker that lived this long died of something else than its start: the wait starts over. */
const STABLE_AFTER_MS = 30_000;
/** What the primary adds to the workers' own shutdown bound before it kills them. */
const SHUTDOWN_GRACE_MS = 2_000;

/** `@socket.io/sticky` keeps its least-connection count on the worker object (2.0.1). */
type StickyBalanced = Worker & { clientsCount?: number };

export interface PrimaryOptions {
  workers: number;
  /**
   * No Redis: the workers share fan-out (Socket.IO's cluster adapter, relayed here), presence and
   * rate limits through this process. With Redis they share them there, as separate nodes do.
   */
  sharesState: boolean;
  /** The workers' own bound on a graceful shutdown (SHUTDOWN_TIMEOUT_SECONDS). */
  shutdownTimeoutMs: number;
  log: Logger;
}

export interface Primary {
  /** The one port's server: connections are handed to workers, a session's always to the same. */
  readonly httpServer: Server;
  /** Resolves once every worker serves (listen then); rejects if one ends before. */
  readonly ready: Promise<void>;
  /**
   * Stops replacing workers, passes the signal on for their graceful drain and waits for them to
   * end; resolves to the exit code: 0 when every worker drained and ended cleanly.
   */
  shutdown(signal: NodeJS.Signals): Promise<number>;
}

/**
 * Starts the primary of WORKERS > 1: forks the workers, hands each connection to one of them
 * (`@socket.io/sticky`: a long-polling session's requests must all reach the worker that holds
 * it), and replaces a worker that dies. It serves no request itself.
 */
export function startPrimary({
  workers,
  sharesState,
  shutdownTimeoutMs,
  log,
}: PrimaryOptions): Primary {
  // Sticky sessions pass the first bytes of a connection as a Buffer, which JSON would mangle.
  cluster.setupPrimary({ serialization: 'advanced' });
  const httpServer = createServer();
  balanceStickySessions(httpServer, { loadBalancingMethod: 'least-connection' });
  if (sharesState) {
    relayClusterAdapter();
    new RateLimiterClusterMaster();
    servePrimaryRequests(log);
  }

  let stopping = false;
  let youngDeaths = 0;
  const startedAt = new Map<number, number>();
  const fork = (): Worker => {
    const worker = cluster.fork();
    handOverUnread(worker);
    startedAt.set(worker.id, Date.now());
    // Sticky sessions balance new connections over every forked worker, by their count of
    // connections: a replacement still starting (seconds) would get every new one and keep it
    // waiting. Counted as full until it serves, it gets none while another worker serves.
    (worker as StickyBalanced).clientsCount = Number.POSITIVE_INFINITY;
    return worker;
  };
  /** Workers that serve (told `ready`): a worker still starting has nothing to drain. */
  const serving = new Set<number>();
  cluster.on('message', (worker: Worker, message: unknown) => {
    if (isNatterMessage<ToPrimary>(message) && message.type === 'ready') {
      serving.add(worker.id);
      (worker as StickyBalanced).clientsCount = 0;
    }
  });

  const ready = new Promise<void>((resolve, reject) => {
    const waiting = new Set(Array.from({ length: workers }, () => fork().id));
    const onMessage = (worker: Worker, message: unknown) => {
      if (!isNatterMessage<ToPrimary>(message) || message.type !== 'ready') return;
      waiting.delete(worker.id);
      if (waiting.size > 0) return;
      cluster.off('exit', onEarlyExit);
      cluster.off('message', onMessage);
      resolve();
    };
    const onEarlyExit = (worker: Worker, code: number | null, signal: string | null) => {
      cluster.off('exit', onEarlyExit);
      cluster.off('message', onMessage);
      reject(new Error(`worker ${worker.id} ended (${signal ?? code}) before it served`));
    };
    cluster.on('message', onMessage);
    cluster.on('exit', onEarlyExit);
  });

  // Replaced only once all served: a worker that cannot start (a database that refuses us) would
  // otherwise be restarted for ever, and `ready` says why instead.
  void ready.then(
    () =>
      cluster.on('exit', (worker, code, signal) => {
        if (stopping) return;
        const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
        startedAt.delete(worker.id);
        youngDeaths = lived >= STABLE_AFTER_MS ? 0 : youngDeaths + 1;
        const delayMs = Math.min(RESTART_DELAY_MAX_MS, RESTART_DELAY_MIN_MS * 2 ** youngDeaths);
        log.error(
          { worker: worker.id, pid: worker.process.pid, code, signal, restartInMs: delayMs },
          'a worker died: starting another',
        );
        setTimeout(() => {
          if (!stopping) fork();
        }, delayMs).unref();
      }),
    () => undefined,
  );

  return {
    httpServer,
    ready,
    async shutdown(signal) {
      stopping = true;
      const running = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
      const ended = running.map(
        (worker) =>
          new Promise<boolean>((resolve) => {
            if (worker.isDead()) return resolve(true);
            worker.once('exit', (code) => resolve(code === 0 || !serving.has(worker.id)));
          }),
      );
      for (const worker of running) worker.process.kill(signal);
      const killer = setTimeout(() => {
        log.error('workers did not end in time: killing them');
        for (const worker of running) worker.process.kill('SIGKILL');
      }, shutdownTimeoutMs + SHUTDOWN_GRACE_MS);
      const clean = (await Promise.all(ended)).every(Boolean);
      clearTimeout(killer);
      // Still listening while the workers drained: a new client was told "draining" by one of
      // them (and /readyz said 503) rather than refused a connection.
      httpServer.close();
      return clean ? 0 : 1;
    },
  };
}
