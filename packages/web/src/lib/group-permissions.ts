import type { Room } from '@natter/protocol';

/**
 * What this user may do in a group, mirroring the server's room policy (docs/protocol.md,
 * "Moderation"), so the details panel offers only what will be allowed. The server decides.
 */
export const groupPermissions = (room: Pick<Room, 'roles' | 'memberAddPolicy'>, me: string) => {
  const myRole = room.roles?.[me];
  const moderator = myRole === 'owner' || myRole === 'admin';
  return {
    /** Rename the group (and change its settings): the owner and admins. */
    canRename: moderator,
    /** Add people: anyone, unless the group leaves it to its owner and admins. */
    canAdd: room.memberAddPolicy !== 'admins' || moderator,
    /** The owner removes anyone else; an admin removes plain members. */
    canRemove: (userId: string) =>
      userId !== me && (myRole === 'owner' || (myRole === 'admin' && !room.roles?.[userId])),
  };
};
