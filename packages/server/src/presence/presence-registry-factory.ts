import type { PresenceLease } from '../config.js';
import type { Logger } from '../logger.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import type { PresenceRegistry } from './presence-registry.js';
import { MemoryPresenceRegistry } from './presence-registry.js';
import type { RegistryNamespace } from './redis-presence-registry.js';
import { RedisPresenceRegistry } from './redis-presence-registry.js';

/**
 * The one place that picks a presence registry: cluster-wide in Redis when the node has Redis
 * (`REDIS_URL`), else in the node's memory. `namespace` keeps the registries apart in Redis:
 * `presence` (connected sockets) and `attention` (sockets showing the chat).
 */
export async function openPresenceRegistry(
  redis: RedisConnection | undefined,
  lease: PresenceLease,
  log: Logger,
  namespace: RegistryNamespace = 'presence',
): Promise<PresenceRegistry> {
  if (!redis) return new MemoryPresenceRegistry();
  return RedisPresenceRegistry.start(redis, lease, log, namespace);
}
