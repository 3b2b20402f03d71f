import { SocketsByUser } from './sockets-by-user.js';

/** Users whose presence changed without a socket of this node connecting or leaving. */
export interface PresenceChange {
  online: string[];
  offline: string[];
}

/**
 * Which users have at least one connected device. The seam for several nodes: the in-memory
 * registry answers for one node; the Redis one (`redis-presence-registry.ts`) for all of them.
 */
export interface PresenceRegistry {
  /** Records a connected socket; true when it is the user's first (they came online). */
  connect(userId: string, socketId: string): Promise<boolean>;
  /** Records a disconnect; true when it was the user's last socket (they went offline). */
  disconnect(userId: string, socketId: string): Promise<boolean>;
  /** The subset of `userIds` that is online. */
  online(userIds: readonly string[]): Promise<Set<string>>;
  /**
   * Tells `listener` of changes that no connect or disconnect here answered for: another node's
   * users going offline because it died, this node's users coming back after Redis lost them.
   * The in-memory registry has none.
   */
  onChange(listener: (change: PresenceChange) => void): void;
  /** Removes this node's sockets (reporting who went offline thereby to the listener). */
  close(): Promise<void>;
}

export class MemoryPresenceRegistry implements PresenceRegistry {
  private readonly sockets = new SocketsByUser();

  async connect(userId: string, socketId: string): Promise<boolean> {
    return this.sockets.add(userId, socketId);
  }

  async disconnect(userId: string, socketId: string): Promise<boolean> {
    return this.sockets.remove(userId, socketId);
  }

  async online(userIds: readonly string[]): Promise<Set<string>> {
    return new Set(userIds.filter((id) => this.sockets.has(id)));
  }

  onChange(): void {
    // One node: every change is a connect or a disconnect here.
  }

  async close(): Promise<void> {
    this.sockets.clear();
  }
}
