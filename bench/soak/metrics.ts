/**
 * What the soak counts while it runs: latencies, actions, and errors by kind. Latencies are kept
 * as plain samples (an hour at the soak's rate is some tens of thousands of numbers).
 */
export class SoakMetrics {
  readonly sendToAck: number[] = [];
  readonly sendToReceive: number[] = [];
  readonly errors = new Map<string, number>();
  readonly actions = new Map<string, number>();
  /** The first message seen of each kind of error: what to look at first. */
  readonly examples = new Map<string, string>();

  error(kind: string, example?: string): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
    if (example && !this.examples.has(kind)) {
      this.examples.set(kind, example.replace(/\s+/g, ' ').slice(0, 160));
    }
  }

  action(kind: string): void {
    this.actions.set(kind, (this.actions.get(kind) ?? 0) + 1);
  }

  latencySummary(samples: readonly number[]) {
    const sorted = [...samples].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return {
      count: sorted.length,
      p50: round(at(0.5)),
      p99: round(at(0.99)),
      max: round(sorted.at(-1)),
    };
  }

  /** Error kinds, most frequent first. */
  errorsByKind(): Record<string, number> {
    return Object.fromEntries([...this.errors].sort((a, b) => b[1] - a[1]));
  }
}

const round = (n: number | undefined) => (n === undefined ? null : Math.round(n));

/** The code of a NatterError (or any error), for counting errors by kind. */
export function codeOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) return String(error.code);
  return error instanceof Error ? error.message.slice(0, 60) : String(error);
}

/** What an error says, for the report's examples. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
