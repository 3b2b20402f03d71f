import { sql } from 'drizzle-orm';
import type { Logger } from '../logger.js';
import { PeriodicTask } from '../util/periodic-task.js';
import type { Executor } from './database.js';
import { rawRows } from './raw-rows.js';

/** How often a node measures its clock against the database's again (clocks drift slowly). */
const RESYNC_INTERVAL_MS = 60_000;
/**
 * An offset this small is taken as none: clocks kept by NTP agree far better, and a measured
 * offset of a few milliseconds is the round trip's noise. Applying it would time a message a
 * little ahead of the node's clock (or behind), which the node's own comparisons (a reply due
 * after a delay) would then see as not yet due.
 */
const OFFSET_IGNORED_BELOW_MS = 1_000;

/**
 * The time on the database's clock, as this node reads it: the node's own clock plus the offset
 * measured against `clock_timestamp()` at start and every minute. Messages, edits, deletes and
 * system lines are timed by it, so nodes whose clocks disagree (by an hour, or by drift) still
 * time what they store on one timeline. The offset is the database's time against the middle of
 * the round trip that read it: right to within half a round trip. Read from the node's clock,
 * not asked of the database per message: the send path pays nothing for it.
 */
export class DatabaseClock {
  private offsetMs = 0;
  private readonly resync: PeriodicTask;

  private constructor(
    private readonly db: Executor,
    log: Logger,
  ) {
    this.resync = new PeriodicTask(() => this.measure(), RESYNC_INTERVAL_MS, log);
  }

  /** A clock measured once (the database must answer), then again every minute once started. */
  static async measured(db: Executor, log: Logger): Promise<DatabaseClock> {
    const clock = new DatabaseClock(db, log);
    await clock.measure();
    return clock;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  start(): void {
    this.resync.start();
  }

  close(): Promise<void> {
    return this.resync.close();
  }

  private async measure(): Promise<void> {
    const sent = Date.now();
    const [row] = rawRows<{ now: string | Date }>(
      await this.db.execute(sql`SELECT clock_timestamp() AS now`),
    );
    const received = Date.now();
    if (!row) throw new Error('clock_timestamp() answered nothing');
    const offsetMs = new Date(row.now).getTime() - (sent + received) / 2;
    this.offsetMs = Math.abs(offsetMs) < OFFSET_IGNORED_BELOW_MS ? 0 : Math.round(offsetMs);
  }
}
