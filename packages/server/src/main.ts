import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { holdConnectionsUntilServing } from './cluster/worker-start.js';

/**
 * The only file that reads the environment and listens. WORKERS > 1: this process is the primary
 * (it listens and hands connections to the workers it forks) or one of those workers.
 */

// A worker holds the connections handed to it before anything else loads: loading the server
// takes seconds, and a connection handed over meanwhile to no listener would be lost.
const held = cluster.isWorker ? holdConnectionsUntilServing() : undefined;
const [{ configFromEnv, DEFAULT_SHUTDOWN_TIMEOUT_MS }, { createServer }, { createLogger }] =
  await Promise.all([import('./config.js'), import('./app.js'), import('./logger.js')]);

const config = configFromEnv(process.env);
const timeoutMs = config.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
const workers = config.workers ?? 1;
const baseLog = createLogger(config.logLevel);
const log = cluster.isWorker ? baseLog.child({ worker: cluster.worker?.id }) : baseLog;
const isPrimary = workers > 1 && cluster.isPrimary;

let shutdown: (signal: NodeJS.Signals) => Promise<number>;
if (isPrimary) {
  const { startPrimary } = await import('./cluster/primary.js');
  const primary = startPrimary({
    workers,
    sharesState: !config.redis,
    shutdownTimeoutMs: timeoutMs,
    log: log.child({ component: 'primary' }),
  });
  try {
    await primary.ready;
  } catch (error) {
    log.fatal({ err: error }, 'the workers did not start');
    await primary.shutdown('SIGTERM');
    process.exit(1);
  }
  await new Promise<void>((resolve) =>
    primary.httpServer.listen(config.port, config.host, resolve),
  );
  const { address, port } = primary.httpServer.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  log.info(
    { url, storage: 'postgres', workers },
    `Natter is listening on ${url} (${workers} workers)`,
  );
  shutdown = (signal) => primary.shutdown(signal);
} else {
  const server = await createServer({ ...config, clusterWorker: cluster.isWorker }, log);
  if (held) {
    await server.serveFromPrimary();
    held.serving();
    log.info('serving the connections the primary hands over');
  } else {
    const url = await server.listen();
    log.info({ url, storage: server.database.driver }, `Natter is listening on ${url}`);
  }
  shutdown = async () => {
    await server.close();
    return 0;
  };
}

let closing = false;
/**
 * Drains and closes (see `NatterServer.close`), bounded so a stuck node still exits. A primary
 * passes the signal to its workers and bounds them itself (cluster/primary.ts): its own bound
 * comes after theirs.
 */
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (closing) return;
  closing = true;
  log.info({ signal, timeoutMs }, 'shutting down');
  setTimeout(
    () => {
      log.error({ timeoutMs }, 'shutdown did not finish in time: exiting anyway');
      process.exit(1);
    },
    timeoutMs + (isPrimary ? 5_000 : 0),
  ).unref();
  try {
    const code = await shutdown(signal);
    log.info('shut down');
    process.exit(code);
  } catch (error) {
    log.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));
