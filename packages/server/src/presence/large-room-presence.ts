import type { Presence } from '@natter/protocol';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { findMemberKeys, memberKey } from '../membership/membership.js';
import { LARGE_ROOM_ONLINE } from '../realtime/large-room.js';
import type { Publisher } from '../realtime/publisher.js';
import { findBlockedIdsOfEach } from '../users/block-repository.js';
import { Coalescer } from '../util/coalescer.js';
import { groupBy } from '../util/group-by.js';
import type { PresenceRegistry } from './presence-registry.js';

/** How long presence changes in a large room gather before they go out as one `presence:batch`. */
const LARGE_ROOM_PRESENCE_MS = 1000;

interface RoomPresence {
  roomId: string;
  presence: Presence;
}

/**
 * Presence in large rooms (`LARGE_ROOM_ONLINE`): each room's changes gather for a second, the
 * latest per user, and go out as one `presence:batch`, so a thousand members coming online cost
 * each member a packet a second instead of a thousand. Clients that do not take batches get the
 * `presence:update`s instead, from their own node (realtime/batches-for-old-clients.ts).
 *
 * A change waits up to a second, so what is true at the flush is read again then, in one query
 * each for the whole batch, and overrides what was gathered:
 * - a change the registry no longer agrees with is dropped: a later one has been told or is
 *   gathered (here or on another node), and this older news must not overtake it;
 * - a change of a user who has left the room meanwhile is not told to it;
 * - a change of a user who blocks someone (maybe since it was gathered) goes out alone, as a
 *   `presence:update` to the room except those they block, never in a batch that would reach them.
 */
export class LargeRoomPresence {
  private readonly changes: Coalescer<RoomPresence>;

  constructor(
    private readonly db: Db,
    private readonly registry: PresenceRegistry,
    private readonly publisher: Publisher,
    log: Logger,
  ) {
    this.changes = new Coalescer({
      delayMs: LARGE_ROOM_PRESENCE_MS,
      deliver: (batch) => this.tell(batch),
      onError: (error) => log.error({ err: error }, 'presence batch failed'),
    });
  }

  /** Whether changes in this room gather here (the node's own measure: realtime/large-room.ts). */
  isLarge(roomId: string): boolean {
    return this.publisher.localSocketsInRoom(roomId) >= LARGE_ROOM_ONLINE;
  }

  /** Gathers a change of presence for the room's next batch (replacing the user's earlier one). */
  add(roomId: string, presence: Presence): void {
    this.changes.add(memberKey(roomId, presence.userId), { roomId, presence });
  }

  /** Sends what has gathered now (shutdown); resolves once it is sent. */
  flush(): Promise<void> {
    return this.changes.flush();
  }

  private async tell(batch: RoomPresence[]): Promise<void> {
    const userIds = [...new Set(batch.map((change) => change.presence.userId))];
    const roomIds = [...new Set(batch.map((change) => change.roomId))];
    const [members, blocked] = await Promise.all([
      findMemberKeys(this.db, roomIds, userIds),
      findBlockedIdsOfEach(this.db, userIds),
    ]);
    // Read last, and nothing is awaited between this and the publishing, so no change told
    // meanwhile (in a small room they share, say) can be overtaken by an older one from here.
    const online = await this.registry.online(userIds);
    const current = batch.filter(
      ({ roomId, presence }) =>
        online.has(presence.userId) === presence.online &&
        members.has(memberKey(roomId, presence.userId)),
    );
    const batched: RoomPresence[] = [];
    for (const change of current) {
      const exceptUsers = blocked.get(change.presence.userId);
      if (!exceptUsers) batched.push(change);
      else
        this.publisher.publish('presence:update', change.presence, {
          rooms: [change.roomId],
          exceptUsers,
        });
    }
    for (const [roomId, changes] of groupBy(batched, (change) => change.roomId)) {
      const updates = changes.map((change) => change.presence);
      this.publisher.publish('presence:batch', { updates }, { rooms: [roomId] });
    }
  }
}
