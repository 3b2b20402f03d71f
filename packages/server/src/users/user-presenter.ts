import type { MessageSender, User } from '@natter/protocol';

export interface UserProfileRow {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
}

/** The only way a user row becomes a payload: password hashes and flags can never leak. */
export function presentUser(row: UserProfileRow): User {
  const user: User = { id: row.id, username: row.username, displayName: row.displayName };
  if (row.avatarUrl) user.avatarUrl = row.avatarUrl;
  return user;
}

export function presentSender(row: {
  id: string;
  displayName: string;
  avatarUrl: string | null;
}): MessageSender {
  const sender: MessageSender = { id: row.id, displayName: row.displayName };
  if (row.avatarUrl) sender.avatarUrl = row.avatarUrl;
  return sender;
}
