import type { ReadUpdate } from '@natter/protocol';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { findMemberKeys, memberKey } from '../membership/membership.js';
import { channels } from '../realtime/channels.js';
import type { Publisher } from '../realtime/publisher.js';
import { Coalescer } from '../util/coalescer.js';
import { groupBy } from '../util/group-by.js';

/** How long read marks in a large room gather before they go out as one `messages:read:batch`. */
const LARGE_ROOM_READS_MS = 1000;

/**
 * Reads in large rooms (`LARGE_ROOM_ONLINE`): the marks to be told to a room gather for a second,
 * the latest per reader, and go out as one `messages:read:batch`, so a thousand members reading a
 * message cost each member a packet a second instead of a thousand. Clients that do not take
 * batches get the `messages:read:update`s instead, from their own node
 * (realtime/batches-for-old-clients.ts). The marks are stored before they gather here: only the
 * telling waits.
 *
 * Only reads of readers who share them are gathered (docs/protocol.md, Privacy), and what is true
 * at the flush is read again then, in one query for the whole batch: a read of a member who has
 * left the room meanwhile, or who has turned read receipts off, is not told. The batch goes to
 * the room except the sockets of users who turned read receipts off, as single reads do.
 */
export class LargeRoomReads {
  private readonly reads: Coalescer<ReadUpdate>;

  constructor(
    private readonly db: Db,
    private readonly publisher: Publisher,
    log: Logger,
  ) {
    this.reads = new Coalescer({
      delayMs: LARGE_ROOM_READS_MS,
      deliver: (batch) => this.tell(batch),
      onError: (error) => log.error({ err: error }, 'read receipts batch failed'),
      // Marks only move forward: a read that arrives late must not take a newer one's place.
      replaces: (next, pending) => next.upToSeq > pending.upToSeq,
    });
  }

  /** Gathers a stored read mark of a reader who shares reads, for its room's next batch. */
  add(read: ReadUpdate): void {
    this.reads.add(memberKey(read.roomId, read.userId), read);
  }

  /** Sends what has gathered now (shutdown, tests' settling); resolves once it is sent. */
  flush(): Promise<void> {
    return this.reads.flush();
  }

  private async tell(batch: ReadUpdate[]): Promise<void> {
    const sharing = await findMemberKeys(
      this.db,
      [...new Set(batch.map((read) => read.roomId))],
      [...new Set(batch.map((read) => read.userId))],
      { sharingReads: true },
    );
    const current = batch.filter((read) => sharing.has(memberKey(read.roomId, read.userId)));
    for (const [roomId, reads] of groupBy(current, (read) => read.roomId)) {
      this.publisher.publish(
        'messages:read:batch',
        {
          roomId,
          reads: reads.map(({ userId, upToMessageId, upToSeq }) => ({
            userId,
            upToMessageId,
            upToSeq,
          })),
        },
        { rooms: [roomId], exceptChannels: [channels.readReceiptsOff] },
      );
    }
  }
}
