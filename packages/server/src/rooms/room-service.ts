import type {
  GroupColor,
  MemberAddPolicy,
  Room,
  RoomMembersEvent,
  SystemEvent,
} from '@natter/protocol';
import type { DatabaseClock } from '../db/database-clock.js';
import type { Db } from '../db/database.js';
import { AppError, badRequest, forbidden, notFound } from '../errors.js';
import type { Membership } from '../membership/membership.js';
import { findMembership, isMember } from '../membership/membership.js';
import { appendSystemMessage, publishSystemMessage } from '../messages/system-messages.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import type { Publisher } from '../realtime/publisher.js';
import { isBlockedBy } from '../users/block-repository.js';
import { roomPolicy } from './room-policy.js';
import {
  countMembers,
  deleteMember,
  findDirectRoom,
  findExistingUserIds,
  insertMembers,
  insertRoom,
  lockRoom,
  promoteOldestMember,
  updateMemberAddPolicy,
  updateMember,
  updateRoomLook,
} from './room-repository.js';
import { announceNewRoom } from './announce-new-room.js';
import { loadRoomOfUser } from './room-views.js';

const roomNotFound = () => notFound('room not found');

export interface RoomRules {
  /** The most members a group may have, creator included: checked on create and on add. */
  groupMembersMax: number;
}

/**
 * Room commands: each runs in one transaction, then tells the affected members. New members get
 * `room:new` with their own view; the members already there get one `room:members` on the room's
 * channel (one packet, however many members), not each their own copy of the room.
 */
export class RoomService {
  constructor(
    private readonly db: Db,
    /** Times the room's system lines like its messages (db/database-clock.ts). */
    private readonly clock: DatabaseClock,
    private readonly publisher: Publisher,
    private readonly rateLimits: RateLimits,
    private readonly rules: RoomRules,
  ) {}

  /** The one direct room of a pair, created on first use; not with someone who blocked you. */
  async openDirect(userId: string, otherId: string): Promise<{ room: Room; created: boolean }> {
    if (otherId === userId) throw badRequest('participantIds: a direct room needs another user');
    await this.rateLimits.consume('roomCreatesPerUser', userId);
    if ((await findExistingUserIds(this.db, [otherId])).length === 0) {
      throw notFound('user not found');
    }
    const directKey = [userId, otherId].sort().join(':');
    const existing = await findDirectRoom(this.db, directKey);
    if (!existing && (await isBlockedBy(this.db, otherId, userId))) {
      throw forbidden('this user does not accept direct messages from you');
    }
    const { roomId, created } = await this.db.transaction(async (tx) => {
      if (existing) return { roomId: existing.id, created: false };
      // A concurrent creation of the same pair waits on the unique key, then finds this room.
      const inserted = await insertRoom(tx, {
        type: 'direct',
        name: null,
        directKey,
        createdBy: userId,
      });
      if (!inserted) {
        const winner = await findDirectRoom(tx, directKey);
        if (!winner) throw new Error('direct room vanished during creation');
        return { roomId: winner.id, created: false };
      }
      await insertMembers(
        tx,
        inserted.id,
        [
          { userId, role: 'member' },
          { userId: otherId, role: 'member' },
        ],
        0,
      );
      return { roomId: inserted.id, created: true };
    });
    if (created) await announceNewRoom(this.db, this.publisher, roomId, [userId, otherId]);
    return { room: await this.roomOf(userId, roomId), created };
  }

  /** A group with its creator as owner; each participant added costs a point of the budget. */
  async createGroup(
    userId: string,
    name: string,
    participantIds: readonly string[],
  ): Promise<Room> {
    const others = [...new Set(participantIds)].filter((id) => id !== userId);
    if (others.length + 1 > this.rules.groupMembersMax) {
      throw badRequest(`participantIds: a group has at most ${this.rules.groupMembersMax} members`);
    }
    await this.rateLimits.consume('roomCreatesPerUser', userId);
    await this.rateLimits.consume('roomParticipantsPerUser', userId, Math.max(1, others.length));
    const existing = new Set(await findExistingUserIds(this.db, others));
    const unknown = others.filter((id) => !existing.has(id));
    if (unknown.length > 0) throw badRequest(`participantIds: unknown user ${unknown.join(', ')}`);
    const roomId = await this.db.transaction(async (tx) => {
      const room = await insertRoom(tx, {
        type: 'group',
        name,
        directKey: null,
        createdBy: userId,
      });
      if (!room) throw new Error('group room insert returned nothing');
      await insertMembers(
        tx,
        room.id,
        [
          { userId, role: 'owner' },
          ...others.map((id) => ({ userId: id, role: 'member' as const })),
        ],
        0,
      );
      return room.id;
    });
    await announceNewRoom(this.db, this.publisher, roomId, [userId, ...others]);
    return this.roomOf(userId, roomId);
  }

  /**
   * Adds a user to a group room, with the line "Alice added Dave" in the same transaction;
   * adding a member again changes nothing.
   */
  async addMember(actorId: string, roomId: string, userId: string): Promise<Room> {
    roomPolicy.assertCanAddMembers(await this.membershipOf(actorId, roomId));
    await this.rateLimits.consume('roomParticipantsPerUser', actorId);
    if ((await findExistingUserIds(this.db, [userId])).length === 0)
      throw notFound('user not found');
    const line = await this.db.transaction(async (tx) => {
      // The lock orders this join against concurrent sends (the new member starts caught up) and
      // against concurrent adds (the cap cannot be overshot, a member is not added twice).
      const room = await lockRoom(tx, roomId);
      if (!room) throw roomNotFound();
      if (await isMember(tx, roomId, userId)) return undefined;
      if ((await countMembers(tx, roomId)) >= this.rules.groupMembersMax) {
        throw new AppError(
          'conflict',
          `the room is full: a group has at most ${this.rules.groupMembersMax} members`,
        );
      }
      const added = await appendSystemMessage(
        tx,
        roomId,
        { kind: 'member_added', actorId, targetId: userId },
        this.clock.now(),
      );
      // The newcomer's marks start at their own line: it is where their history begins.
      await insertMembers(tx, roomId, [{ userId, role: 'member' }], added.seq);
      return added;
    });
    if (line) {
      this.publishMembers({ roomId, added: [userId], joinedAtSeq: line.seq }, [userId]);
      await this.publisher.addUserToRoom(userId, roomId);
      this.publisher.publish('room:new', await this.roomOf(userId, roomId), { users: [userId] });
      publishSystemMessage(this.publisher, line);
    }
    return this.roomOf(actorId, roomId);
  }

  /**
   * Removes a member (or lets one leave), with the line "Alice removed Bob" or "Bob left" in the
   * same transaction. Their sockets stop receiving the room at once, and all of them get
   * `room:removed` saying why. An owner who leaves hands the room to the longest-standing member.
   */
  async removeMember(actorId: string, roomId: string, userId: string): Promise<void> {
    const actor = await this.membershipOf(actorId, roomId);
    const target = userId === actorId ? actor : await findMembership(this.db, roomId, userId);
    if (!target) throw notFound('user is not a member');
    roomPolicy.assertCanRemoveMember({ ...actor, userId: actorId }, userId, target.role);
    const leaving = userId === actorId;
    const { line, newOwner } = await this.db.transaction(async (tx) => {
      // Written first: a leaver must still be a member to be the line's sender.
      const written = await appendSystemMessage(
        tx,
        roomId,
        leaving
          ? { kind: 'member_left', actorId }
          : { kind: 'member_removed', actorId, targetId: userId },
        this.clock.now(),
      );
      const role = await deleteMember(tx, roomId, userId);
      if (!role) throw notFound('user is not a member');
      return {
        line: written,
        newOwner: role === 'owner' ? await promoteOldestMember(tx, roomId) : undefined,
      };
    });
    await this.publisher.removeUserFromRoom(userId, roomId);
    this.publisher.publish(
      'room:removed',
      { roomId, reason: leaving ? 'left' : 'removed' },
      { users: [userId] },
    );
    this.publishMembers({
      roomId,
      removed: [userId],
      ...(newOwner && { roles: { [newOwner]: 'owner' } }),
    });
    publishSystemMessage(this.publisher, line);
  }

  /** The owner names an admin, or makes one a plain member again. */
  async setRole(
    actorId: string,
    roomId: string,
    userId: string,
    role: 'admin' | 'member',
  ): Promise<Room> {
    roomPolicy.assertCanSetRole(
      { ...(await this.membershipOf(actorId, roomId)), userId: actorId },
      userId,
    );
    if (!(await updateMember(this.db, roomId, userId, { role }))) {
      throw notFound('user is not a member');
    }
    this.publishMembers({ roomId, roles: { [userId]: role } });
    return this.roomOf(actorId, roomId);
  }

  /**
   * Renames or recolours a group and/or changes who may add members. Each new name or colour is
   * written with its line ("Bob renamed the group to …") in the same transaction; a value equal
   * to the current one changes nothing and writes nothing.
   */
  async updateSettings(
    actorId: string,
    roomId: string,
    settings: {
      name?: string | undefined;
      color?: GroupColor | undefined;
      memberAddPolicy?: MemberAddPolicy | undefined;
    },
  ): Promise<Room> {
    roomPolicy.assertCanChangeSettings(await this.membershipOf(actorId, roomId));
    const { memberAddPolicy } = settings;
    if (settings.name !== undefined || settings.color !== undefined) {
      await this.rateLimits.consume('roomLooksPerUser', actorId);
    }
    const { changed, lines } = await this.db.transaction(async (tx) => {
      const room = await lockRoom(tx, roomId);
      if (!room) throw roomNotFound();
      if (memberAddPolicy) await updateMemberAddPolicy(tx, roomId, memberAddPolicy);
      const look = {
        ...(settings.name !== undefined && settings.name !== room.name && { name: settings.name }),
        ...(settings.color !== undefined &&
          settings.color !== room.color && { color: settings.color }),
      };
      const events: SystemEvent[] = [
        ...(look.name ? [{ kind: 'renamed' as const, actorId, name: look.name }] : []),
        ...(look.color ? [{ kind: 'recoloured' as const, actorId, color: look.color }] : []),
      ];
      if (events.length > 0) await updateRoomLook(tx, roomId, look);
      const written = [];
      for (const event of events) {
        written.push(await appendSystemMessage(tx, roomId, event, this.clock.now()));
      }
      return { changed: look, lines: written };
    });
    if (memberAddPolicy || changed.name || changed.color) {
      this.publishMembers({ roomId, ...(memberAddPolicy && { memberAddPolicy }), ...changed });
    }
    for (const line of lines) publishSystemMessage(this.publisher, line);
    return this.roomOf(actorId, roomId);
  }

  /** The actor's membership; a room they are not in is "not found", as everywhere. */
  private async membershipOf(userId: string, roomId: string): Promise<Membership> {
    const membership = await findMembership(this.db, roomId, userId);
    if (!membership) throw roomNotFound();
    return membership;
  }

  private async roomOf(userId: string, roomId: string): Promise<Room> {
    const room = await loadRoomOfUser(this.db, userId, roomId);
    if (!room) throw roomNotFound();
    return room;
  }

  /** One packet on the room's channel; `exceptUsers` are told otherwise (`room:new`). */
  private publishMembers(event: RoomMembersEvent, exceptUsers: readonly string[] = []): void {
    this.publisher.publish('room:members', event, { rooms: [event.roomId], exceptUsers });
  }
}
