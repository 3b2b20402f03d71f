import type { RedisClientType } from 'redis';
import type { RedisConfig } from '../config.js';
import type { Logger } from '../logger.js';

/** The one Redis connection a node shares between its users (rate limits; later fan-out). */
export interface RedisConnection {
  readonly client: RedisClientType;
  /** Put before every key (`REDIS_KEY_PREFIX`). */
  readonly keyPrefix: string;
  /** Whether commands reach Redis now; false while node-redis reconnects. */
  isUp(): boolean;
  close(): Promise<void>;
}

/**
 * The one place that opens Redis: when `REDIS_URL` is set, else none (the node keeps everything
 * in its memory). node-redis reconnects by itself with backoff; a Redis that is down at start-up
 * does not stop the node from starting: it runs degraded until Redis answers. The client library
 * loads only when chosen.
 */
export async function openRedis(
  config: RedisConfig | undefined,
  log: Logger,
): Promise<RedisConnection | undefined> {
  if (!config) return undefined;
  const { createClient } = await import('redis');
  const client: RedisClientType = createClient({
    url: config.url,
    // Commands fail at once while disconnected instead of queueing until Redis is back: a
    // request must not wait on Redis (rate limits fall back to the node's own memory).
    disableOfflineQueue: true,
  });
  watchHealth(client, log);
  // Waits for the first answer either way: up, the node starts with shared state; refused or
  // timed out (`connectTimeout`, 5 s), it starts degraded while node-redis keeps retrying.
  await new Promise<void>((settle) => {
    client.once('ready', settle);
    client.once('error', () => settle());
    client.connect().catch(() => {
      // Only a closed client ends connect() with an error; watchHealth logged why.
    });
  });
  return {
    client,
    keyPrefix: config.keyPrefix,
    isUp: () => client.isReady,
    async close() {
      // close() waits for pending commands, which a client still reconnecting would never send.
      if (client.isReady) await client.close();
      else client.destroy();
    },
  };
}

/**
 * Logs Redis coming and going once each time, not every failed reconnect attempt. The
 * 'error' listener also keeps node-redis's errors from crashing the process (an unhandled
 * 'error' event throws).
 */
function watchHealth(client: RedisClientType, log: Logger): void {
  let down = false;
  client.on('error', (err: unknown) => {
    if (down) return;
    down = true;
    log.error({ err }, 'Redis is unreachable: rate limits count per node until it is back');
  });
  client.on('ready', () => {
    log.info(down ? 'Redis is reachable again' : 'Redis connected');
    down = false;
  });
}
