/**
 * One presence registry for every worker of a machine, held by the primary (the role Redis plays
 * between nodes). Workers reach it over IPC; each call runs to its end in one turn, so "first
 * device" and "last device" are answers for all workers, as the Redis scripts give for all nodes.
 */
export class PresenceHost {
  /** Each user's sockets, and the worker that holds each. */
  private readonly socketsOf = new Map<string, Map<string, number>>();
  /** Each worker's users: what to remove when it leaves or dies. */
  private readonly usersOf = new Map<number, Set<string>>();

  /** Counts a socket in; true when it is the user's first on any worker. */
  connect(workerId: number, userId: string, socketId: string): boolean {
    let sockets = this.socketsOf.get(userId);
    const first = sockets === undefined;
    sockets ??= new Map();
    this.socketsOf.set(userId, sockets);
    sockets.set(socketId, workerId);
    this.usersOfWorker(workerId).add(userId);
    return first;
  }

  /**
   * Counts a socket out; true when it was the user's last on any worker. A socket this worker
   * does not hold (its setup failed before it was counted in) changes nothing.
   */
  disconnect(workerId: number, userId: string, socketId: string): boolean {
    const sockets = this.socketsOf.get(userId);
    if (sockets?.get(socketId) !== workerId) return false;
    sockets.delete(socketId);
    if (![...sockets.values()].includes(workerId)) this.usersOf.get(workerId)?.delete(userId);
    if (sockets.size > 0) return false;
    this.socketsOf.delete(userId);
    return true;
  }

  /** The users among `userIds` with a socket on any worker. */
  online(userIds: readonly string[]): string[] {
    return userIds.filter((id) => this.socketsOf.has(id));
  }

  /** Removes a worker's sockets (it said goodbye, or died); returns the users left with none. */
  removeWorker(workerId: number): string[] {
    const offline: string[] = [];
    for (const userId of this.usersOf.get(workerId) ?? []) {
      const sockets = this.socketsOf.get(userId);
      if (!sockets) continue;
      for (const [socketId, holder] of sockets) if (holder === workerId) sockets.delete(socketId);
      if (sockets.size > 0) continue;
      this.socketsOf.delete(userId);
      offline.push(userId);
    }
    this.usersOf.delete(workerId);
    return offline;
  }

  private usersOfWorker(workerId: number): Set<string> {
    let users = this.usersOf.get(workerId);
    if (!users) this.usersOf.set(workerId, (users = new Set()));
    return users;
  }
}
