import { configFromEnv, DEFAULT_SHUTDOWN_TIMEOUT_MS } from './config.js';
import { createServer } from './app.js';
import { createLogger } from './logger.js';

/** The only file that reads the environment and listens. */
const config = configFromEnv(process.env);
const log = createLogger(config.logLevel);
const server = await createServer(config, log);
const url = await server.listen();
log.info({ url, storage: server.database.driver }, `Natter is listening on ${url}`);

let closing = false;
/** Drains and closes (see `NatterServer.close`), bounded so a stuck node still exits. */
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  const timeoutMs = config.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  log.info({ signal, timeoutMs }, 'shutting down');
  setTimeout(() => {
    log.error({ timeoutMs }, 'shutdown did not finish in time: exiting anyway');
    process.exit(1);
  }, timeoutMs).unref();
  try {
    await server.close();
  } catch (error) {
    log.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
  log.info('shut down');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));
