/**
 * Which users have at least one connected device. The seam for several nodes: this in-memory
 * registry answers for one node; a Redis one answers for all of them behind the same interface.
 */
export interface PresenceRegistry {
  /** Records a connected socket; true when it is the user's first (they came online). */
  connect(userId: string, socketId: string): Promise<boolean>;
  /** Records a disconnect; true when it was the user's last socket (they went offline). */
  disconnect(userId: string, socketId: string): Promise<boolean>;
  /** The subset of `userIds` that is online. */
  online(userIds: readonly string[]): Promise<Set<string>>;
  close(): Promise<void>;
}

export class MemoryPresenceRegistry implements PresenceRegistry {
  private readonly sockets = new Map<string, Set<string>>();

  async connect(userId: string, socketId: string): Promise<boolean> {
    const sockets = this.sockets.get(userId);
    if (sockets) {
      sockets.add(socketId);
      return false;
    }
    this.sockets.set(userId, new Set([socketId]));
    return true;
  }

  async disconnect(userId: string, socketId: string): Promise<boolean> {
    const sockets = this.sockets.get(userId);
    if (!sockets?.delete(socketId)) return false;
    if (sockets.size > 0) return false;
    this.sockets.delete(userId);
    return true;
  }

  async online(userIds: readonly string[]): Promise<Set<string>> {
    return new Set(userIds.filter((id) => this.sockets.has(id)));
  }

  async close(): Promise<void> {
    this.sockets.clear();
  }
}
