import { AppError, badRequest } from '../errors.js';
import type { Membership, MemberRole } from '../membership/membership.js';
import { isModerator } from '../membership/membership.js';

const groupsOnly = (membership: Membership, what: string) => {
  if (membership.type !== 'group') throw badRequest(`${what} group rooms only`);
};

/**
 * What one member may do to a room's membership and settings. Each check throws the error to
 * answer, or returns. Moderators are the owner and the admins it names (`isModerator`).
 */
export const roomPolicy = {
  /** Any member adds, unless the group's policy is `admins`. */
  assertCanAddMembers(actor: Membership): void {
    groupsOnly(actor, 'members can be added to');
    if (actor.memberAddPolicy === 'admins' && !isModerator(actor.role)) {
      throw new AppError('forbidden', "only the room's owner and admins can add members");
    }
  },

  /**
   * Anyone may leave; a moderator may remove a plain member; only the owner may remove an admin.
   * The owner is never removed by others (they leave, handing the room on).
   */
  assertCanRemoveMember(
    actor: Membership & { userId: string },
    targetUserId: string,
    targetRole: MemberRole,
  ): void {
    groupsOnly(actor, 'members can be removed from');
    if (targetUserId === actor.userId) return;
    const allowed = actor.role === 'owner' || (actor.role === 'admin' && targetRole === 'member');
    if (!allowed) throw new AppError('forbidden', `you cannot remove this room's ${targetRole}`);
  },

  /** Only the owner names admins; its own role is not changed this way. */
  assertCanSetRole(actor: Membership & { userId: string }, targetUserId: string): void {
    groupsOnly(actor, 'roles exist in');
    if (actor.role !== 'owner') {
      throw new AppError('forbidden', "only the room's owner can change roles");
    }
    if (targetUserId === actor.userId) throw badRequest('userId: the owner keeps its own role');
  },

  assertCanChangeSettings(actor: Membership): void {
    groupsOnly(actor, 'settings exist for');
    if (!isModerator(actor.role)) {
      throw new AppError('forbidden', "only the room's owner and admins can change its settings");
    }
  },
};
