/**
 * The channels this node changed recently, so that a handshake can tell whether its first read
 * still stands once the socket is in its channels.
 *
 * The handshake middleware reads the session, rooms, privacy settings and blocks before the
 * socket is in any channel. A change made meanwhile went to the user's or session's channel while
 * the socket was not there to be moved, and only such a change makes the handshake read again
 * (handshake-membership.ts). A change made before the read is in the read; one made after the
 * joins moves the socket itself. Reading again every time would cost every client of a reconnect
 * storm one more statement; this way only those whose channels changed meanwhile pay it.
 *
 * It answers "nothing changed" only where every change is made by this node (one process: the
 * in-memory adapter). Where other nodes change channels too (Redis, WORKERS), their changes
 * reach this node's sockets without passing here, so every handshake reads again.
 */
export class HandshakeWindow {
  /** Counts the changes made; a window opens at the count it reads. */
  private clock = 0;
  /** Each recently changed channel's last change, oldest first (re-inserted on each change). */
  private readonly lastChange = new Map<string, number>();
  /** The newest change no longer remembered: a window opened before it cannot be answered. */
  private forgottenUpTo = 0;

  constructor(
    private readonly seesEveryChange: boolean,
    /** How many channels are remembered; more only makes long windows read again. */
    private readonly remembered = 1024,
  ) {}

  /** Where a window opens: taken before the handshake's first read is sent. */
  open(): number {
    return this.clock;
  }

  /**
   * A change to what a channel's sockets may receive or belong to, made by this node, called as it
   * is applied: a channel move, a disconnect, a block by the channel's user.
   */
  changed(channel: string): void {
    this.clock++;
    this.lastChange.delete(channel);
    this.lastChange.set(channel, this.clock);
    if (this.lastChange.size <= this.remembered) return;
    const [oldest] = this.lastChange;
    if (!oldest) return;
    this.lastChange.delete(oldest[0]);
    this.forgottenUpTo = oldest[1];
  }

  /** Whether any of these channels may have changed since a window opened at `openedAt`. */
  changedSince(openedAt: number, channels: readonly string[]): boolean {
    if (!this.seesEveryChange || openedAt < this.forgottenUpTo) return true;
    return channels.some((channel) => (this.lastChange.get(channel) ?? 0) > openedAt);
  }
}
