/** When a failed delivery is tried again (docs/webhooks.md, "Retries"). */
export interface RetrySchedule {
  /** The wait after the first failure; it doubles after each further one. */
  retryBaseMs: number;
  /** The longest wait between two attempts. */
  retryMaxMs: number;
  /** A delivery is given up (`failed`) once its next attempt would come this long after the event. */
  giveUpAfterMs: number;
}

/**
 * The next attempt of a delivery whose `failures`-th attempt just failed at `now`, or undefined
 * when it is given up. The wait doubles from `retryBaseMs` up to `retryMaxMs`, then loses up to
 * a quarter at random (`random` in [0, 1)): receivers that failed together (an outage) are not
 * all retried at the same instant when they come back, and a wait never exceeds its cap.
 */
export function nextAttemptAt(
  schedule: RetrySchedule,
  eventAt: Date,
  failures: number,
  now: Date,
  random: number = Math.random(),
): Date | undefined {
  const doubled = schedule.retryBaseMs * 2 ** Math.min(failures - 1, 52);
  const waitMs = Math.min(schedule.retryMaxMs, doubled) * (1 - random / 4);
  const next = now.getTime() + Math.round(waitMs);
  return next > eventAt.getTime() + schedule.giveUpAfterMs ? undefined : new Date(next);
}

/** Whether a delivery of an event at `eventAt` is past its last chance at `now`. */
export function isExpired(schedule: RetrySchedule, eventAt: Date, now: Date): boolean {
  return now.getTime() > eventAt.getTime() + schedule.giveUpAfterMs;
}
