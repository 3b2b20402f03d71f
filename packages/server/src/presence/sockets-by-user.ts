/**
 * The sockets each user has connected on this node, kept synchronously so that a caller can
 * change it and send the matching Redis command in the same tick (the Redis registry's order).
 *
 * Most users have one socket: theirs is held as its bare id, and a Set only from the second on.
 * A Set of one costs an idle socket about 150 bytes of heap in every registry that keeps one
 * (presence, attention, the sockets-per-user cap): docs/performance.md, "Memory per idle socket".
 */
export class SocketsByUser {
  private readonly sockets = new Map<string, string | Set<string>>();

  /** Adds a socket; true when it is the user's first here. */
  add(userId: string, socketId: string): boolean {
    const held = this.sockets.get(userId);
    if (held === undefined) {
      this.sockets.set(userId, socketId);
      return true;
    }
    if (typeof held !== 'string') held.add(socketId);
    else if (held !== socketId) this.sockets.set(userId, new Set([held, socketId]));
    return false;
  }

  /** Removes a socket; true when it was the user's last here. */
  remove(userId: string, socketId: string): boolean {
    const held = this.sockets.get(userId);
    if (held === socketId) {
      this.sockets.delete(userId);
      return true;
    }
    if (held === undefined || typeof held === 'string' || !held.delete(socketId)) return false;
    // Back to one socket: its bare id again.
    const [last] = held;
    if (held.size === 1 && last !== undefined) this.sockets.set(userId, last);
    return false;
  }

  /** Whether this socket of the user is here (a socket whose setup failed never was). */
  holds(userId: string, socketId: string): boolean {
    const held = this.sockets.get(userId);
    return held === socketId || (typeof held === 'object' && held.has(socketId));
  }

  has(userId: string): boolean {
    return this.sockets.has(userId);
  }

  /** How many sockets the user has here. */
  count(userId: string): number {
    const held = this.sockets.get(userId);
    return held === undefined ? 0 : typeof held === 'string' ? 1 : held.size;
  }

  /** Every user here with their number of sockets. */
  counts(): [userId: string, sockets: number][] {
    return [...this.sockets.keys()].map((userId) => [userId, this.count(userId)]);
  }

  clear(): void {
    this.sockets.clear();
  }
}
