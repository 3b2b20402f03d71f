export interface TypingInputOptions {
  emitStart(roomId: string): void;
  emitStop(roomId: string): void;
  /** While typing goes on, `typing:start` is repeated this often (the server's indicator lasts ~5 s). */
  repeatMs?: number;
  /** Typing counts as stopped this long after the last keystroke. */
  idleMs?: number;
  now?: () => number;
}

interface Typing {
  startedAt: number;
  idleTimer: ReturnType<typeof setTimeout>;
}

/**
 * Turns keystrokes into typing signals without flooding the server: `typing:start` at most every
 * `repeatMs` while keys keep coming, `typing:stop` once they pause for `idleMs`, and at once when
 * the message is sent.
 */
export class TypingInput {
  private readonly active = new Map<string, Typing>();
  private readonly repeatMs: number;
  private readonly idleMs: number;
  private readonly now: () => number;

  constructor(private readonly options: TypingInputOptions) {
    this.repeatMs = options.repeatMs ?? 3_000;
    this.idleMs = options.idleMs ?? 2_000;
    this.now = options.now ?? (() => Date.now());
  }

  /** Call on every keystroke in a room's composer. */
  input(roomId: string): void {
    const now = this.now();
    const typing = this.active.get(roomId);
    if (typing) clearTimeout(typing.idleTimer);
    let startedAt = typing?.startedAt ?? -Infinity;
    if (now - startedAt >= this.repeatMs) {
      this.options.emitStart(roomId);
      startedAt = now;
    }
    const idleTimer = setTimeout(() => this.stop(roomId), this.idleMs);
    this.active.set(roomId, { startedAt, idleTimer });
  }

  /** Ends typing in a room now (message sent, composer cleared or closed). */
  stop(roomId: string): void {
    const typing = this.active.get(roomId);
    if (!typing) return;
    clearTimeout(typing.idleTimer);
    this.active.delete(roomId);
    this.options.emitStop(roomId);
  }

  /** Stops every room, e.g. when the client closes. */
  stopAll(): void {
    for (const roomId of [...this.active.keys()]) this.stop(roomId);
  }
}
