import type { RoomType } from '@natter/protocol';
import { AppError, badRequest } from '../errors.js';
import type { MemberRole } from './room-repository.js';

/** What one member may do to a room's membership. Throws the error to answer, or returns. */
export const roomPolicy = {
  assertCanAddMembers(room: { type: RoomType }): void {
    if (room.type !== 'group') throw badRequest('members can be added to group rooms only');
  },

  assertCanRemoveMember(
    actor: { userId: string; role: MemberRole },
    room: { type: RoomType },
    targetUserId: string,
  ): void {
    if (room.type !== 'group') throw badRequest('members can be removed from group rooms only');
    if (targetUserId !== actor.userId && actor.role !== 'owner') {
      throw new AppError('forbidden', "only the room's owner can remove other members");
    }
  },
};
