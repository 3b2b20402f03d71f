import type { Room } from '@natter/protocol';
import type { Db } from '../db/database.js';
import { badRequest, notFound } from '../errors.js';
import type { Publisher } from '../realtime/publisher.js';
import { roomPolicy } from './room-policy.js';
import {
  deleteMember,
  findDirectRoom,
  findExistingUserIds,
  findMembership,
  insertMembers,
  insertRoom,
  lockRoom,
  promoteOldestMember,
} from './room-repository.js';
import { loadRoomOfUser, loadRoomViews } from './room-views.js';

const roomNotFound = () => notFound('room not found');

/** Room commands: each runs in one transaction, then tells the affected members. */
export class RoomService {
  constructor(
    private readonly db: Db,
    private readonly publisher: Publisher,
  ) {}

  /** The one direct room of a pair, created on first use. */
  async openDirect(userId: string, otherId: string): Promise<{ room: Room; created: boolean }> {
    if (otherId === userId) throw badRequest('participantIds: a direct room needs another user');
    if ((await findExistingUserIds(this.db, [otherId])).length === 0) {
      throw notFound('user not found');
    }
    const directKey = [userId, otherId].sort().join(':');
    const { roomId, created } = await this.db.transaction(async (tx) => {
      const existing = await findDirectRoom(tx, directKey);
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
    if (created) await this.announceNewRoom(roomId, [userId, otherId]);
    return { room: await this.roomOf(userId, roomId), created };
  }

  async createGroup(
    userId: string,
    name: string,
    participantIds: readonly string[],
  ): Promise<Room> {
    const others = [...new Set(participantIds)].filter((id) => id !== userId);
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
    await this.announceNewRoom(roomId, [userId, ...others]);
    return this.roomOf(userId, roomId);
  }

  /** Adds a user to a group room; adding a member again changes nothing. */
  async addMember(actorId: string, roomId: string, userId: string): Promise<Room> {
    const membership = await findMembership(this.db, roomId, actorId);
    if (!membership) throw roomNotFound();
    roomPolicy.assertCanAddMembers(membership);
    if ((await findExistingUserIds(this.db, [userId])).length === 0)
      throw notFound('user not found');
    const added = await this.db.transaction(async (tx) => {
      // The lock orders this join against concurrent sends: the new member starts caught up.
      const room = await lockRoom(tx, roomId);
      if (!room) throw roomNotFound();
      return insertMembers(tx, roomId, [{ userId, role: 'member' }], room.lastSeq);
    });
    if (added.length > 0) {
      this.publisher.addUserToRoom(userId, roomId);
      await this.publishViews(roomId, userId);
    }
    return this.roomOf(actorId, roomId);
  }

  /**
   * Removes a member (or lets one leave); their sockets stop receiving the room at once. An owner
   * who leaves hands the room to the longest-standing member.
   */
  async removeMember(actorId: string, roomId: string, userId: string): Promise<void> {
    const membership = await findMembership(this.db, roomId, actorId);
    if (!membership) throw roomNotFound();
    roomPolicy.assertCanRemoveMember(
      { userId: actorId, role: membership.role },
      membership,
      userId,
    );
    await this.db.transaction(async (tx) => {
      const role = await deleteMember(tx, roomId, userId);
      if (!role) throw notFound('user is not a member');
      if (role === 'owner') await promoteOldestMember(tx, roomId);
    });
    this.publisher.removeUserFromRoom(userId, roomId);
    this.publisher.publish('room:removed', { roomId }, { users: [userId] });
    await this.publishViews(roomId);
  }

  private async roomOf(userId: string, roomId: string): Promise<Room> {
    const room = await loadRoomOfUser(this.db, userId, roomId);
    if (!room) throw roomNotFound();
    return room;
  }

  private async announceNewRoom(roomId: string, memberIds: readonly string[]): Promise<void> {
    for (const memberId of memberIds) this.publisher.addUserToRoom(memberId, roomId);
    await this.publishViews(roomId, ...memberIds);
  }

  /** Sends each member their own view of the room: `room:new` to `newMemberIds`, `room:updated` to the rest. */
  private async publishViews(roomId: string, ...newMemberIds: string[]): Promise<void> {
    const views = await loadRoomViews(this.db, { roomId });
    for (const { memberId, room } of views) {
      const event = newMemberIds.includes(memberId) ? 'room:new' : 'room:updated';
      this.publisher.publish(event, room, { users: [memberId] });
    }
  }
}
