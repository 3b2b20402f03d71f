import { describe, expect, it } from 'vitest';
import { groupPermissions } from './group-permissions.js';

const roles = { owner: 'owner', admin: 'admin' } as const;

describe('groupPermissions', () => {
  it('lets the owner rename and remove anyone else', () => {
    const owner = groupPermissions({ roles, memberAddPolicy: 'admins' }, 'owner');
    expect([owner.canRename, owner.canAdd]).toEqual([true, true]);
    expect(['owner', 'admin', 'plain'].map(owner.canRemove)).toEqual([false, true, true]);
  });

  it('lets an admin remove plain members only', () => {
    const admin = groupPermissions({ roles, memberAddPolicy: 'members' }, 'admin');
    expect(admin.canRename).toBe(true);
    expect(['owner', 'admin', 'plain'].map(admin.canRemove)).toEqual([false, false, true]);
  });

  it('lets a plain member add people only when the group allows it', () => {
    const open = groupPermissions({ roles, memberAddPolicy: 'members' }, 'plain');
    const closed = groupPermissions({ roles, memberAddPolicy: 'admins' }, 'plain');
    expect([open.canRename, open.canAdd, closed.canAdd]).toEqual([false, true, false]);
    expect(open.canRemove('admin')).toBe(false);
  });
});
