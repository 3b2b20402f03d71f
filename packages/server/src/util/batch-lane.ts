/**
 * Hands queued items to `run` in batches, one batch at a time: an item that finds the lane idle
 * goes at the end of the event loop's turn (with whatever else that turn queued), and the items
 * queued while a batch runs gather for the next one. On an idle server each item costs its own
 * statement, at once; under load one statement (one round trip, one commit) serves many.
 * `run` settles its items itself and must not throw.
 */
export class BatchLane<T> {
  private pending: T[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly run: (batch: T[]) => Promise<void>,
    /** Most items in one batch: keeps a statement (and a failed one's retry) bounded. */
    private readonly maxBatch: number,
  ) {}

  add(item: T): void {
    this.pending.push(item);
    this.running ??= this.drain();
  }

  /** Resolves once every item queued so far has been run (for shutdown). */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    // The items queued in this turn of the event loop go together.
    await new Promise(setImmediate);
    try {
      while (this.pending.length > 0) await this.run(this.pending.splice(0, this.maxBatch));
    } finally {
      // A `run` that broke its promise and threw must not leave the lane stalled for good.
      this.running = undefined;
    }
  }
}
