import type { Executor } from '../db/database.js';
import { isDatabaseUnavailable } from '../db/database-unavailable.js';
import type { AppendedMessage, NewMessage } from './message-repository.js';
import { appendMessages, isDuplicateClientId } from './message-repository.js';
import { BatchLane } from '../util/batch-lane.js';
import { CommitTimings } from './commit-timings.js';

interface PendingAppend {
  message: NewMessage;
  /** `performance.now()` when it was queued: its commit latency is measured from here. */
  queuedAt: number;
  resolve(stored: AppendedMessage | undefined): void;
  reject(error: unknown): void;
}

/** Most messages in one statement. */
const MAX_BATCH = 256;
/**
 * How often a batch runs again after losing a race on a (sender, clientId): the same clientId
 * sent into two rooms at once through two nodes, which no room lock orders. A deadlock is
 * retried too, though batches no longer deadlock each other: one with another kind of
 * transaction must still not fail a send that a second run stores.
 */
const MAX_RETRIES = 3;

/**
 * Group commit for sends. Sends queue here and reach the database together: the sends that
 * arrive while a batch's statement runs gather for the next one, so under load one commit (one
 * WAL flush, one round trip) stores many messages, while a lone send on an idle server is
 * stored at once. Each room always goes to the same lane and a lane runs one batch at a time, so
 * a room's sends take seqs in the order they arrived, and this node's batches never wait on each
 * other's room locks. Batches of different nodes do wait on each other, but cannot deadlock:
 * `append_messages` (migration 0010) locks a batch's rooms in id order before anything else and
 * inserts in (sender, clientId) order, so every batch of every node takes its locks in one
 * global order, and a batch that waits holds nothing the batch it waits for still needs.
 */
export class AppendQueue {
  private readonly lanes: BatchLane<PendingAppend>[];

  constructor(db: Executor, laneCount: number, timings = new CommitTimings()) {
    this.lanes = Array.from(
      { length: laneCount },
      () => new BatchLane((batch: PendingAppend[]) => store(db, batch, timings), MAX_BATCH),
    );
  }

  /** Stores the message; undefined if it was not taken (see `appendMessages`). */
  append(message: NewMessage): Promise<AppendedMessage | undefined> {
    const lane = this.lanes[
      laneIndex(message.roomId, this.lanes.length)
    ] as BatchLane<PendingAppend>;
    return new Promise((resolve, reject) =>
      lane.add({ message, queuedAt: performance.now(), resolve, reject }),
    );
  }

  /** Resolves once every queued send is stored or refused (for shutdown). */
  async drain(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.idle()));
  }
}

/**
 * Settles every append of the batch; never throws. A message is acked only from the answer of a
 * statement that committed: a batch whose statement failed rejects every message in it. When
 * the database is unreachable the whole batch fails at once (each message alone would fail the
 * same way, one connection attempt each); if the connection was lost during the commit, the
 * outcome is unknown, and the client's resend with the same clientId is deduplicated to the
 * stored row or stores it now (docs/delivery-and-sync.md, "PostgreSQL restarts").
 */
async function store(db: Executor, batch: PendingAppend[], timings: CommitTimings): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const statementStart = performance.now();
      const stored = await appendMessages(
        db,
        batch.map((append) => append.message),
      );
      timings.record(
        batch.map((append) => append.queuedAt),
        statementStart,
        performance.now(),
      );
      for (const append of batch) append.resolve(stored.get(append.message.id));
      return;
    } catch (error) {
      if (isRetryable(error) && attempt < MAX_RETRIES) continue;
      if (batch.length === 1 || isDatabaseUnavailable(error)) {
        for (const append of batch) append.reject(error);
        return;
      }
      // One message the database will not take must not fail the others: each goes alone.
      for (const append of batch) await store(db, [append], timings);
      return;
    }
  }
}

/** A race another writer won: running the statement again gives the right answer. */
function isRetryable(error: unknown): boolean {
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } }).code ??
    (error as { cause?: { code?: unknown } }).cause?.code;
  return isDuplicateClientId(error) || code === '40P01' || code === '40001';
}

/** A stable lane for a room (a string hash; uniform enough for random ids). */
function laneIndex(roomId: string, laneCount: number): number {
  let hash = 0;
  for (let i = 0; i < roomId.length; i++) hash = (hash * 31 + roomId.charCodeAt(i)) | 0;
  return Math.abs(hash) % laneCount;
}
