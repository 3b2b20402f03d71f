import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { rawRows } from '../db/raw-rows.js';
import { userBlocks, users } from '../db/schema.js';
import { BatchLane } from '../util/batch-lane.js';

interface WentOffline {
  userId: string;
  at: Date;
  resolve(blockedIds: string[]): void;
  reject(error: unknown): void;
}

/** Most users in one statement. */
const MAX_BATCH = 500;

/**
 * Records when users' last devices left, and answers whom each user blocks (the "offline"
 * announcement skips them): one statement for every user who went offline meanwhile. A node that
 * restarts, or a network blip, disconnects thousands of users at once; each alone would cost a
 * commit (a WAL flush) and a read, ahead of the handshakes of the same users coming back.
 * Until its statement commits, a time is also answered from here (`pendingLastSeen`), so a
 * presence query made meanwhile does not show the previous one.
 */
export class LastSeenWriter {
  private readonly lane: BatchLane<WentOffline>;
  private readonly pending = new Map<string, Date>();

  constructor(db: Executor) {
    this.lane = new BatchLane((batch) => this.write(db, batch), MAX_BATCH);
  }

  /** Sets the user's last-seen time to `at`; answers whom the user blocks. */
  wentOffline(userId: string, at: Date): Promise<string[]> {
    this.pending.set(userId, at);
    return new Promise((resolve, reject) => this.lane.add({ userId, at, resolve, reject }));
  }

  /** The time not yet written for this user, if any. */
  pendingLastSeen(userId: string): Date | undefined {
    return this.pending.get(userId);
  }

  private async write(db: Executor, batch: WentOffline[]): Promise<void> {
    // One row per user (a user can leave twice while a statement runs): the latest time.
    const latest = new Map<string, Date>();
    for (const { userId, at } of batch) latest.set(userId, at);
    try {
      const blocked = await writeLastSeen(db, latest);
      for (const call of batch) call.resolve(blocked.get(call.userId) ?? []);
    } catch (error) {
      for (const call of batch) call.reject(error);
    } finally {
      for (const [userId, at] of latest) {
        if (this.pending.get(userId) === at) this.pending.delete(userId);
      }
    }
  }
}

/** Sets each user's `last_seen_at`; answers, by user, whom each blocks. */
async function writeLastSeen(
  db: Executor,
  times: ReadonlyMap<string, Date>,
): Promise<Map<string, string[]>> {
  const result = await db.execute(sql`
    UPDATE ${users} AS u SET last_seen_at = v.at
    FROM unnest(${sql.param([...times.keys()])}::text[],
                ${sql.param([...times.values()].map((at) => at.toISOString()))}::timestamptz[])
         AS v(id, at)
    WHERE u.id = v.id
    RETURNING u.id, ARRAY(SELECT ${userBlocks.blockedId} FROM ${userBlocks}
                          WHERE ${userBlocks.blockerId} = u.id) AS blocked_ids`);
  return new Map(
    rawRows<{ id: string; blocked_ids: string[] }>(result).map((row) => [row.id, row.blocked_ids]),
  );
}
