import type { Db } from '../db/database.js';
import { forbidden, notFound } from '../errors.js';
import type { Logger } from '../logger.js';
import { channels } from '../realtime/channels.js';
import { LARGE_ROOM_ONLINE } from '../realtime/large-room.js';
import type { Publisher } from '../realtime/publisher.js';
import type { DeliveryMark, MovedDeliveryMark } from './delivery-marks.js';
import { writeDeliveryMarks, writeDeliveryMarksToSenders } from './delivery-marks.js';
import { LargeRoomReads } from './large-room-reads.js';
import { writeReadMark } from './read-marks.js';

type WriteMarks = (db: Db, marks: readonly DeliveryMark[]) => Promise<MovedDeliveryMark[]>;

/** How long delivery marks gather before one statement writes them all. */
const DELIVERY_FLUSH_MS = 15;
/**
 * A room with `LARGE_ROOM_ONLINE` sockets online on the node handing a message over is large (with
 * several nodes, see "Across nodes" in docs/architecture.md): its marks gather for longer, and each goes to
 * the senders it concerns rather than to the room (`writeDeliveryMarksToSenders`). Told to the whole
 * room every 15 ms, a busy 1,000-member room's receipts would be members² packets per flush and
 * take nearly all its bandwidth.
 */
const LARGE_ROOM_FLUSH_MS = 1000;

/**
 * Read and delivery receipts. Both are per-member high-water marks (`lastReadSeq`,
 * `lastDeliveredSeq`) that only move forward, so receipts arriving twice or out of order are
 * harmless, and unread counts and statuses are derived from them.
 */
export class ReceiptService {
  private pendingDeliveries = new Map<string, DeliveryMark>();
  private flushTimer: NodeJS.Timeout | undefined;
  /** Marks of large rooms (see LARGE_ROOM_ONLINE), on their own slower timer. */
  private pendingLarge = new Map<string, DeliveryMark>();
  private largeTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly largeRoomReads: LargeRoomReads;

  constructor(
    private readonly db: Db,
    private readonly publisher: Publisher,
    private readonly log: Logger,
  ) {
    this.largeRoomReads = new LargeRoomReads(db, publisher, log);
  }

  /**
   * Moves the user's read mark up to a message of the room (never back) and tells the room, as
   * far as privacy allows (docs/protocol.md, Privacy): the reader's own devices always hear of it
   * at once (their unread counts follow), others only when the reader `shared` their reads, and
   * never those who turned read receipts off themselves. In a large room (`LARGE_ROOM_ONLINE`)
   * others hear of it in the room's next `messages:read:batch` (large-room-reads.ts). The mark is
   * stored before this resolves either way.
   */
  async markRead(
    userId: string,
    roomId: string,
    upToMessageId: string,
    reader: { shared: boolean },
  ): Promise<void> {
    const roomOnline = this.publisher.localSocketsInRoom(roomId);
    const large = roomOnline >= LARGE_ROOM_ONLINE;
    const read = await writeReadMark(this.db, { roomId, userId, upToMessageId }, !large);
    if (read.kind === 'not_member') throw forbidden();
    if (read.kind === 'no_such_message') {
      throw notFound('upToMessageId: no such message in this room');
    }
    if (read.kind === 'unmoved') return;
    const update = { roomId, userId, upToMessageId, upToSeq: read.seq };
    if (large) {
      // A read delivers too: as a delivery mark it goes to the senders of the messages it
      // covers, whoever may see the read, within the large rooms' delivery flush.
      if (read.seq > read.deliveredBefore) this.markDelivered(roomId, userId, read.seq, roomOnline);
      this.publisher.publish('messages:read:update', update, { users: [userId] });
      if (reader.shared) this.largeRoomReads.add(update);
      return;
    }
    // When the read moved the delivery mark (a read before the delivery marks' flush), those who
    // are not told of the read (they turned read receipts off, or the reader does not share
    // reads) would never see the ✓✓ otherwise: the room hears of the delivery.
    if (read.seq > read.deliveredBefore) {
      this.publisher.publish(
        'messages:delivered:update',
        { roomId, userId, upToSeq: read.seq },
        { rooms: [roomId] },
      );
    }
    this.publisher.publish(
      'messages:read:update',
      update,
      reader.shared
        ? { rooms: [roomId], exceptChannels: [channels.readReceiptsOff] }
        : { users: [userId] },
    );
  }

  /**
   * Notes that a member's device has received the room's messages up to `seq`. Marks gather for a
   * few milliseconds (a second in a room with `LARGE_ROOM_ONLINE` members online) and are
   * written in one statement: a busy room costs one write per flush, not one per message per
   * member.
   */
  markDelivered(roomId: string, userId: string, seq: number, roomOnline = 0): void {
    const large = roomOnline >= LARGE_ROOM_ONLINE;
    const pendingMarks = large ? this.pendingLarge : this.pendingDeliveries;
    const key = `${roomId}\u0000${userId}`;
    const pending = pendingMarks.get(key);
    if (pending && pending.seq >= seq) return;
    pendingMarks.set(key, { roomId, userId, seq });
    if (large) this.largeTimer ??= setTimeout(() => void this.flushLarge(), LARGE_ROOM_FLUSH_MS);
    else this.flushTimer ??= setTimeout(() => void this.flushSmall(), DELIVERY_FLUSH_MS);
  }

  /**
   * Writes all pending delivery marks and tells the gathered reads now (also called on shutdown,
   * so none is lost).
   */
  async flush(): Promise<void> {
    void this.flushLarge();
    await Promise.all([this.flushSmall(), this.largeRoomReads.flush()]);
  }

  private flushSmall(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    return this.write(this.pendingDeliveries, writeDeliveryMarks);
  }

  private flushLarge(): Promise<void> {
    clearTimeout(this.largeTimer);
    this.largeTimer = undefined;
    return this.write(this.pendingLarge, writeDeliveryMarksToSenders);
  }

  /** Takes the marks out of `pendingMarks` and writes them after any write in progress. */
  private write(pendingMarks: Map<string, DeliveryMark>, writeMarks: WriteMarks): Promise<void> {
    const batch = [...pendingMarks.values()];
    pendingMarks.clear();
    if (batch.length > 0) {
      this.flushing = this.flushing.then(() => this.writeDeliveries(batch, writeMarks));
    }
    return this.flushing;
  }

  private async writeDeliveries(batch: DeliveryMark[], writeMarks: WriteMarks): Promise<void> {
    try {
      for (const moved of await writeMarks(this.db, batch)) {
        if (moved.audience?.length === 0) continue;
        // Not to the mark's owner: each of their devices moved its own mark when it took the
        // messages (or loaded them). In a direct room that is one packet of five per message.
        this.publisher.publish(
          'messages:delivered:update',
          { roomId: moved.roomId, userId: moved.userId, upToSeq: moved.seq },
          moved.audience
            ? { users: moved.audience }
            : { rooms: [moved.roomId], exceptUsers: [moved.userId] },
        );
      }
    } catch (error) {
      // Delivery marks are advisory: a lost batch only delays a ✓✓ until the next receipt.
      this.log.error({ err: error }, 'writing delivery receipts failed');
    }
  }
}
