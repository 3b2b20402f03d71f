import type { PresenceChange, PresenceRegistry } from '../presence/presence-registry.js';
import type { RegistryNamespace } from '../presence/redis-presence-registry.js';
import type { PrimaryLink } from './primary-link.js';

/**
 * A worker's presence registry when the workers of one machine share no Redis: the registry is
 * the primary's (`PresenceHost`), asked over IPC. The same semantics as the Redis registry: a
 * worker that dies has its users reported offline to one live worker, which announces them.
 */
export class ClusterPresenceRegistry implements PresenceRegistry {
  constructor(
    private readonly primary: PrimaryLink,
    private readonly namespace: RegistryNamespace,
  ) {}

  private listener: (change: PresenceChange) => void = () => undefined;

  connect(userId: string, socketId: string): Promise<boolean> {
    return this.primary.request({
      kind: 'presence:connect',
      namespace: this.namespace,
      userId,
      socketId,
    });
  }

  disconnect(userId: string, socketId: string): Promise<boolean> {
    return this.primary.request({
      kind: 'presence:disconnect',
      namespace: this.namespace,
      userId,
      socketId,
    });
  }

  async online(userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const online = await this.primary.request({
      kind: 'presence:online',
      namespace: this.namespace,
      userIds: [...userIds],
    });
    return new Set(online);
  }

  onChange(listener: (change: PresenceChange) => void): void {
    this.listener = listener;
    this.primary.onPresenceChange(this.namespace, listener);
  }

  /** Says goodbye: the primary drops this worker's sockets; those users gone offline are reported. */
  async close(): Promise<void> {
    const offline = await this.primary.request({
      kind: 'presence:leave',
      namespace: this.namespace,
    });
    if (offline.length > 0) this.listener({ online: [], offline });
  }
}
