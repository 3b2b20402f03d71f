import { readFileSync } from 'node:fs';
import type { NodeSlot } from './stack.js';

export interface MemorySample {
  /** Seconds since the soak's traffic started. */
  t: number;
  rssMiB: number;
  /** Which process of the slot (0: the first, n: after its n-th restart). */
  incarnation: number;
}

/** After a (re)start a node's memory climbs while it warms up: those samples are left out. */
const WARM_UP_MS = 30_000;
/** Growth: the last third's median above the second third's by more than both of these. */
const GROWTH_RATIO = 1.25;
const GROWTH_MIB = 25;

/** RSS of a process, from /proc (the nodes expose no heap figures of their own). */
export function rssMiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return undefined; // just killed: no sample this time
  }
}

export class MemoryLog {
  readonly samples = new Map<string, MemorySample[]>();

  sample(slots: readonly NodeSlot[], startedAt: number): void {
    const now = Date.now();
    for (const slot of slots) {
      if (now - slot.startedAt < WARM_UP_MS) continue;
      const rss = rssMiB(slot.current.pid);
      if (rss === undefined || rss === 0) continue;
      const list = this.samples.get(slot.name) ?? [];
      list.push({ t: (now - startedAt) / 1000, rssMiB: round(rss), incarnation: slot.restarts });
      this.samples.set(slot.name, list);
    }
  }

  /**
   * Per node: the median RSS of the run's second and last thirds, from its last process only (a
   * restart starts small, which would hide growth or fake it), and whether it grew.
   */
  verdicts(durationS: number) {
    return [...this.samples].map(([node, samples]) => {
      const incarnation = samples.at(-1)?.incarnation ?? 0;
      const own = samples.filter((s) => s.incarnation === incarnation);
      const second = median(own.filter((s) => s.t >= durationS / 3 && s.t < (2 * durationS) / 3));
      const last = median(own.filter((s) => s.t >= (2 * durationS) / 3));
      const comparable = second !== undefined && last !== undefined;
      const grew =
        comparable && last > second * GROWTH_RATIO && last - second > GROWTH_MIB ? true : false;
      return {
        node,
        incarnation,
        secondThirdMedianMiB: second ?? null,
        lastThirdMedianMiB: last ?? null,
        peakMiB: Math.max(...samples.map((s) => s.rssMiB)),
        verdict: !comparable ? 'not comparable (restarted late)' : grew ? 'GROWTH' : 'flat',
        grew,
      };
    });
  }
}

function median(samples: readonly MemorySample[]): number | undefined {
  if (samples.length < 3) return undefined;
  const sorted = samples.map((s) => s.rssMiB).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const round = (n: number) => Math.round(n * 10) / 10;
