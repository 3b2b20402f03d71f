import { ClusterPresenceRegistry } from '../cluster/cluster-presence-registry.js';
import type { PrimaryLink } from '../cluster/primary-link.js';
import type { PresenceLease } from '../config.js';
import type { Logger } from '../logger.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import type { PresenceRegistry } from './presence-registry.js';
import { MemoryPresenceRegistry } from './presence-registry.js';
import type { RegistryNamespace } from './redis-presence-registry.js';
import { RedisPresenceRegistry } from './redis-presence-registry.js';

/**
 * The one place that picks a presence registry: cluster-wide in Redis when the node has Redis
 * (`REDIS_URL`), else in the primary for a worker of WORKERS > 1 (`primary`), else in the node's
 * memory. `namespace` keeps the registries apart in Redis:
 * `presence` (connected sockets) and `attention` (sockets showing the chat).
 */
export async function openPresenceRegistry(
  redis: RedisConnection | undefined,
  lease: PresenceLease,
  log: Logger,
  namespace: RegistryNamespace = 'presence',
  primary?: PrimaryLink,
): Promise<PresenceRegistry> {
  if (!redis) {
    return primary ? new ClusterPresenceRegistry(primary, namespace) : new MemoryPresenceRegistry();
  }
  return RedisPresenceRegistry.start(redis, lease, log, namespace);
}
