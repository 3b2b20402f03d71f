/** Options of a `Coalescer`. */
export interface CoalescerOptions<V> {
  /** How long the first value of a batch waits for others before the batch is handed over. */
  delayMs: number;
  /** Takes a batch; batches are handed over one at a time, in order. */
  deliver: (batch: V[]) => Promise<void>;
  /** Told when `deliver` fails; the next batches are still delivered. */
  onError: (error: unknown) => void;
  /** Whether `next` replaces the pending value of the same key; absent: the latest always does. */
  replaces?: (next: V, pending: V) => boolean;
}

/**
 * Gathers values by key for a while and hands them over in one batch: one value per key (the
 * latest, unless `replaces` says otherwise), one batch per `delayMs` at most. What a busy key
 * would cost per change it then costs per batch.
 */
export class Coalescer<V> {
  private pending = new Map<string, V>();
  private timer: NodeJS.Timeout | undefined;
  private delivering: Promise<void> = Promise.resolve();

  constructor(private readonly options: CoalescerOptions<V>) {}

  add(key: string, value: V): void {
    const pending = this.pending.get(key);
    if (pending !== undefined && this.options.replaces && !this.options.replaces(value, pending)) {
      return;
    }
    this.pending.set(key, value);
    this.timer ??= setTimeout(() => void this.flush(), this.options.delayMs);
  }

  /** Hands over what is pending now; resolves once it (and every batch before it) is delivered. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    if (batch.length > 0) {
      this.delivering = this.delivering
        .then(() => this.options.deliver(batch))
        .catch(this.options.onError);
    }
    return this.delivering;
  }
}
