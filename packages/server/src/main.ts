import { configFromEnv } from './config.js';
import { createServer } from './app.js';
import { createLogger } from './logger.js';

/** The only file that reads the environment and listens. */
const config = configFromEnv(process.env);
const log = createLogger(config.logLevel);
const server = await createServer(config, log);
const url = await server.listen();
log.info({ url, storage: server.database.driver }, `Natter is listening on ${url}`);

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  log.info({ signal }, 'shutting down');
  await server.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));
