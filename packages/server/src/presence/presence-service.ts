import type { Presence } from '@natter/protocol';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { Publisher } from '../realtime/publisher.js';
import { findRoomIdsOfUser, findUsersSharingARoom } from '../membership/membership.js';
import { findBlockedIds, findBlockersAmong } from '../users/block-repository.js';
import { findLastSeen } from '../users/user-repository.js';
import { LargeRoomPresence } from './large-room-presence.js';
import { LastSeenWriter } from './last-seen-writer.js';
import type { PresenceChange, PresenceRegistry } from './presence-registry.js';

/**
 * Online while any of a user's devices is connected; `lastSeenAt` once the last one leaves.
 * Changes go to the rooms the user is in, so only people who share a room see them; in large rooms
 * gathered, once a second (large-room-presence.ts).
 */
export class PresenceService {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly largeRooms: LargeRoomPresence;
  private readonly lastSeen: LastSeenWriter;

  constructor(
    private readonly db: Db,
    private readonly registry: PresenceRegistry,
    private readonly publisher: Publisher,
    private readonly log: Logger,
  ) {
    this.largeRooms = new LargeRoomPresence(db, registry, publisher, log);
    this.lastSeen = new LastSeenWriter(db);
    registry.onChange((change) => this.track(this.announce(change)));
  }

  /**
   * A socket is set up: counts it in and announces "online" if it is the user's first device.
   * `exceptUsers` (whom the user blocks) comes read by the caller with the socket's rooms
   * (handshake-membership.ts): read before the registry changes, as it must be — nothing may run
   * between a change and its announcement, or a quick disconnect's "offline" could be published
   * before this "online" and be overtaken.
   */
  async socketConnected(
    userId: string,
    socketId: string,
    roomIds: readonly string[],
    exceptUsers: readonly string[],
  ): Promise<void> {
    if (await this.registry.connect(userId, socketId)) {
      this.tell({ userId, online: true }, roomIds, exceptUsers);
    }
  }

  /**
   * A socket is leaving: once its setup (which counted it in) has run, counts it out and
   * announces "offline" if it was the user's last device. Never throws (logs); `close` waits.
   */
  socketLeaving(
    userId: string,
    socketId: string,
    roomIds: readonly string[],
    setup: Promise<void>,
  ): void {
    // A socket whose setup failed was never counted in (the failure is logged where it happened).
    this.track(
      setup.then(
        () => this.socketDisconnected(userId, socketId, roomIds),
        () => undefined,
      ),
    );
  }

  private async socketDisconnected(
    userId: string,
    socketId: string,
    roomIds: readonly string[],
  ): Promise<void> {
    if (!(await this.registry.disconnect(userId, socketId))) return;
    const lastSeenAt = new Date();
    const exceptUsers = await this.lastSeen.wentOffline(userId, lastSeenAt);
    // A device that connected while those were read and written (a page reload) has announced
    // "online" already; an "offline" now would overtake it and show the user offline for good.
    // Nothing is awaited between this check and the publish, so no "online" can slip between.
    if ((await this.registry.online([userId])).has(userId)) return;
    this.tell(
      { userId, online: false, lastSeenAt: lastSeenAt.toISOString() },
      roomIds,
      exceptUsers,
    );
  }

  /**
   * Tells the user's rooms of a change: at once as a `presence:update` where the room is small,
   * gathered into the room's next `presence:batch` where it is large (large-room-presence.ts).
   * A user who blocks someone is told at once everywhere, except to those they block.
   */
  private tell(presence: Presence, roomIds: readonly string[], exceptUsers: readonly string[]) {
    const gathered =
      exceptUsers.length === 0 ? roomIds.filter((id) => this.largeRooms.isLarge(id)) : [];
    for (const roomId of gathered) this.largeRooms.add(roomId, presence);
    const rooms = gathered.length === 0 ? roomIds : roomIds.filter((id) => !gathered.includes(id));
    if (rooms.length > 0)
      this.publisher.publish('presence:update', presence, { rooms, exceptUsers });
  }

  /**
   * Waits for the presence work in flight, then lets the registry say goodbye (on several nodes:
   * removes this node's sockets) and announces who went offline thereby. Call after the sockets
   * are disconnected and before the database and Redis close.
   */
  async close(): Promise<void> {
    await this.settled();
    await this.registry.close();
    await this.settled();
    await this.largeRooms.flush();
  }

  private async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => this.log.error({ err: error }, 'presence update failed'))
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /**
   * Announces changes no socket of this node caused: another node's users gone with it, this
   * node's users back after Redis lost them. One user at a time: after a Redis restart every node
   * re-registers all of its users at once, and the database should not get all their reads at once.
   */
  private async announce({ online, offline }: PresenceChange): Promise<void> {
    for (const userId of online) await this.announceChange(userId, true);
    for (const userId of offline) await this.announceChange(userId, false);
  }

  private async announceChange(userId: string, online: boolean): Promise<void> {
    const lastSeenAt = new Date();
    const [roomIds, exceptUsers] = await Promise.all([
      findRoomIdsOfUser(this.db, userId),
      online ? findBlockedIds(this.db, userId) : this.lastSeen.wentOffline(userId, lastSeenAt),
    ]);
    // A connect or disconnect meanwhile has announced itself: this older news must not overtake
    // it. Nothing is awaited between this check and the publish.
    if ((await this.registry.online([userId])).has(userId) !== online) return;
    this.tell(
      online ? { userId, online } : { userId, online, lastSeenAt: lastSeenAt.toISOString() },
      roomIds,
      exceptUsers,
    );
  }

  /** Whether any of these users has a device connected (a site's agents: is anyone there?). */
  async anyOnline(userIds: readonly string[]): Promise<boolean> {
    return (await this.registry.online(userIds)).size > 0;
  }

  /** From now on the blocked user sees the blocker offline, with no last-seen time. */
  userBlocked(blockerId: string, blockedId: string): void {
    this.publisher.publish(
      'presence:update',
      { userId: blockerId, online: false },
      {
        users: [blockedId],
      },
    );
  }

  /**
   * Presence of the named users who share a room with the asker; others are left out. Those who
   * block the asker are shown offline, with no last-seen time.
   */
  async presenceOf(askerId: string, userIds: readonly string[]): Promise<Presence[]> {
    const visible = await findUsersSharingARoom(this.db, askerId, userIds);
    const [online, lastSeen, blockers] = await Promise.all([
      this.registry.online(visible),
      findLastSeen(this.db, visible),
      findBlockersAmong(this.db, askerId, visible),
    ]);
    return lastSeen.map(({ id, lastSeenAt: stored }) => {
      if (blockers.has(id)) return { userId: id, online: false };
      if (online.has(id)) return { userId: id, online: true };
      const presence: Presence = { userId: id, online: false };
      const lastSeenAt = this.lastSeen.pendingLastSeen(id) ?? stored;
      if (lastSeenAt) presence.lastSeenAt = lastSeenAt.toISOString();
      return presence;
    });
  }
}
