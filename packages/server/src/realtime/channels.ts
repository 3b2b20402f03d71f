/**
 * Names of the Socket.IO rooms Natter uses. Every socket joins its user's, its session's and
 * its chat rooms' channels; fan-out always targets channels, never loops over sockets.
 */
export const channels = {
  room: (roomId: string) => `room:${roomId}`,
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  /**
   * Every socket of the users who turned read receipts (or typing indicators) off: events about
   * others' reads (typing) are published to rooms *except* these, so the rule holds on every node
   * of a cluster without a look-up per event (privacy-channels.ts).
   */
  readReceiptsOff: 'privacy:read-receipts-off',
  typingIndicatorsOff: 'privacy:typing-indicators-off',
  /**
   * Every socket of the users who block this user: the blocked user's typing is published to
   * their rooms *except* this channel, so that it never reaches the blocker. Joined at connect,
   * moved through the blocker's user channel when they block or unblock (app.ts).
   */
  blockersOf: (blockedId: string) => `blockers-of:${blockedId}`,
} as const;

/** The chat room id behind a `room:` channel name, if it is one. */
export function roomIdOfChannel(channel: string): string | undefined {
  return channel.startsWith('room:') ? channel.slice('room:'.length) : undefined;
}
