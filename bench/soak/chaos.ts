import { checkHealth } from './invariants.js';
import type { NodeSlot, SoakStack } from './stack.js';

export type ChaosKind = 'kill-node' | 'restart-redis' | 'restart-postgres';

export interface ChaosEvent {
  /** Seconds since the chaos started. */
  at: number;
  kind: ChaosKind;
  target: string;
  /** How long it was down, and how long until it was back (healthy). */
  downMs: number;
  tookMs: number;
}

/** No fault in the last stretch: the final check runs on a settled cluster. */
const QUIET_END_MS = 45_000;

/**
 * Faults on a schedule with jitter: a random node SIGKILLed and started again, Redis restarted
 * (empty: no persistence), PostgreSQL restarted ("fast": connections cut). Every kind comes in
 * turn, in a random order each round, so a short run has each of them. A fault and an invariant
 * check never overlap (`exclusive`): a check needs quiet, a fault must not wait for traffic.
 * A node that exits without being killed is a violation (a crash), and is started again.
 */
export class Chaos {
  readonly events: ChaosEvent[] = [];
  private lock: Promise<unknown> = Promise.resolve();
  private readonly killing = new Set<string>();
  private readonly startedAt = Date.now();

  constructor(
    private readonly stack: SoakStack,
    minutes: number,
    private readonly say: (line: string) => void,
    private readonly violation: (line: string) => void,
  ) {
    this.periodMs = Math.min(180_000, Math.max(45_000, (minutes * 60_000) / 6));
    for (const slot of stack.slots) this.watch(slot);
  }

  private readonly periodMs: number;

  /** Runs `task` when no other exclusive task runs. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.lock.then(task);
    this.lock = result.catch(() => undefined);
    return result;
  }

  async run(endsAt: number): Promise<void> {
    let round: ChaosKind[] = [];
    for (;;) {
      const wait = this.periodMs * (0.75 + Math.random() * 0.5);
      if (Date.now() + wait > endsAt - QUIET_END_MS) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (round.length === 0) round = shuffle(['kill-node', 'restart-redis', 'restart-postgres']);
      const kind = round.shift() as ChaosKind;
      await this.exclusive(() => this.inject(kind));
    }
  }

  private async inject(kind: ChaosKind): Promise<void> {
    const t0 = Date.now();
    const downMs = 2_000 + Math.random() * 4_000;
    let target: string;
    if (kind === 'kill-node') {
      const slot = this.stack.slots[Math.floor(Math.random() * this.stack.slots.length)]!;
      target = slot.name;
      this.say(`chaos: SIGKILL ${slot.name}`);
      this.killing.add(slot.name);
      await this.stack.killAndRestart(slot, downMs);
      this.killing.delete(slot.name);
      this.watch(slot);
    } else if (kind === 'restart-redis') {
      target = 'redis';
      this.say('chaos: restarting Redis');
      await this.stack.redis.stop();
      // /healthz must say Redis is down while it is (and, in the checks, up once it is back).
      const untruthful = await checkHealth(this.stack.slots, false);
      for (const line of untruthful) this.violation(`during the Redis outage: ${line}`);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await this.stack.redis.restart();
    } else {
      target = 'postgres';
      this.say('chaos: restarting PostgreSQL');
      await this.stack.restartPostgres(downMs);
    }
    this.events.push({
      at: Math.round((t0 - this.startedAt) / 1000),
      kind,
      target,
      downMs: Math.round(downMs),
      tookMs: Date.now() - t0,
    });
  }

  /** A node process that ends without the chaos killing it crashed: a violation. */
  private watch(slot: NodeSlot): void {
    const process = slot.current;
    void process.exited.then(async (how) => {
      if (this.killing.has(slot.name) || slot.current !== process || this.stopped) return;
      this.violation(`${slot.name} exited by itself (${how})`);
      await this.exclusive(async () => {
        this.killing.add(slot.name);
        await this.stack.killAndRestart(slot, 0);
        this.killing.delete(slot.name);
        this.watch(slot);
      });
    });
  }

  private stopped = false;

  /** From now on, nodes ending are the soak's own shutdown. */
  stop(): void {
    this.stopped = true;
  }
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
