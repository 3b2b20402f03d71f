import type { Presence } from '@natter/protocol';
import type { Db } from '../db/database.js';
import type { Publisher } from '../realtime/publisher.js';
import { findUsersSharingARoom } from '../membership/membership.js';
import { findBlockedIds, findBlockersAmong } from '../users/block-repository.js';
import { findLastSeen, setLastSeen } from '../users/user-repository.js';
import type { PresenceRegistry } from './presence-registry.js';

/**
 * Online while any of a user's devices is connected; `lastSeenAt` once the last one leaves.
 * Changes go to the rooms the user is in, so only people who share a room see them.
 */
export class PresenceService {
  constructor(
    private readonly db: Db,
    private readonly registry: PresenceRegistry,
    private readonly publisher: Publisher,
  ) {}

  async socketConnected(
    userId: string,
    socketId: string,
    roomIds: readonly string[],
  ): Promise<void> {
    // Read before the registry changes: nothing may run between a change and its announcement,
    // or a quick disconnect's "offline" could be published before this "online" and be overtaken.
    const exceptUsers = await findBlockedIds(this.db, userId);
    if (await this.registry.connect(userId, socketId)) {
      this.publisher.publish(
        'presence:update',
        { userId, online: true },
        { rooms: roomIds, exceptUsers },
      );
    }
  }

  async socketDisconnected(
    userId: string,
    socketId: string,
    roomIds: readonly string[],
  ): Promise<void> {
    if (!(await this.registry.disconnect(userId, socketId))) return;
    const lastSeenAt = new Date();
    const [exceptUsers] = await Promise.all([
      findBlockedIds(this.db, userId),
      setLastSeen(this.db, userId, lastSeenAt),
    ]);
    // A device that connected while those were read and written (a page reload) has announced
    // "online" already; an "offline" now would overtake it and show the user offline for good.
    // Nothing is awaited between this check and the publish, so no "online" can slip between.
    if ((await this.registry.online([userId])).has(userId)) return;
    this.publisher.publish(
      'presence:update',
      { userId, online: false, lastSeenAt: lastSeenAt.toISOString() },
      { rooms: roomIds, exceptUsers },
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
    return lastSeen.map(({ id, lastSeenAt }) => {
      if (blockers.has(id)) return { userId: id, online: false };
      if (online.has(id)) return { userId: id, online: true };
      const presence: Presence = { userId: id, online: false };
      if (lastSeenAt) presence.lastSeenAt = lastSeenAt.toISOString();
      return presence;
    });
  }
}
