/**
 * The sockets each user has connected on this node, kept synchronously so that a caller can
 * change it and send the matching Redis command in the same tick (the Redis registry's order).
 */
export class SocketsByUser {
  private readonly sockets = new Map<string, Set<string>>();

  /** Adds a socket; true when it is the user's first here. */
  add(userId: string, socketId: string): boolean {
    const sockets = this.sockets.get(userId);
    if (sockets) {
      sockets.add(socketId);
      return false;
    }
    this.sockets.set(userId, new Set([socketId]));
    return true;
  }

  /** Removes a socket; true when it was the user's last here. */
  remove(userId: string, socketId: string): boolean {
    const sockets = this.sockets.get(userId);
    if (!sockets?.delete(socketId)) return false;
    if (sockets.size > 0) return false;
    this.sockets.delete(userId);
    return true;
  }

  /** Whether this socket of the user is here (a socket whose setup failed never was). */
  holds(userId: string, socketId: string): boolean {
    return this.sockets.get(userId)?.has(socketId) ?? false;
  }

  has(userId: string): boolean {
    return this.sockets.has(userId);
  }

  /** Every user here with their number of sockets. */
  counts(): [userId: string, sockets: number][] {
    return [...this.sockets].map(([userId, sockets]) => [userId, sockets.size]);
  }

  clear(): void {
    this.sockets.clear();
  }
}
