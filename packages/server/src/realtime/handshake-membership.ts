import type { SessionStore } from '../auth/session-store.js';
import type { Db } from '../db/database.js';
import type { PrivacySettings } from '@natter/protocol';
import { findRoomIdsOfUser } from '../membership/membership.js';
import { channels } from './channels.js';
import { readHandshakeRecheck } from './handshake-reads.js';
import type { HandshakeWindow } from './handshake-window.js';
import { privacyChannels } from './privacy-channels.js';
import type { NatterSocket } from './socket-types.js';

const NO_IDS: readonly string[] = Object.freeze([]);

/**
 * Closes the handshake's window, once the socket is in its user, session and (handshake-time) room
 * channels.
 *
 * The middleware read the session and the rooms before the socket was in any channel: a logout, a
 * removal or an addition committed in between was sent to the user's or session's channel while
 * this socket was not there to be moved. Anything that changes later moves the socket through
 * those channels itself. Where nothing was sent to those channels since the read (the usual case,
 * known only on a node alone: handshake-window.ts), the read stands. Otherwise the session and the
 * rooms are read again, after the joins:
 *  - a session that ended disconnects the socket;
 *  - only the rooms that differ from the previous read are left or joined. Touching the others
 *    could undo a move made meanwhile through the user channel (joining a room from a read that
 *    a removal has since overtaken). A move of our own, made from a read, can itself have been
 *    overtaken, so the rooms are read again until two reads agree — one read when nothing
 *    changed, the usual case.
 *  - the privacy settings likewise: a change committed in between moved the user channel without
 *    this socket, so a setting that differs from the handshake's read is applied here. One that
 *    agrees is left alone: a change made since has moved the socket itself.
 *
 * Answers the settled room ids and the users the user blocks (for presence, read with them), or
 * undefined when the socket is (or was meanwhile) disconnected.
 */
export async function settleHandshake(
  socket: NatterSocket,
  deps: { db: Db; sessions: SessionStore; handshakeWindow: HandshakeWindow },
): Promise<{ roomIds: readonly string[]; blockedIds: readonly string[] } | undefined> {
  const { userId, sessionId, blockedIds, windowOpenedAt } = socket.data;
  let previous = socket.data.roomIds;
  // Read for the last time: from here on the socket's channels say its rooms, and an idle socket
  // keeps no copy of them (a user in hundreds of rooms would hold kilobytes for nothing).
  socket.data.roomIds = NO_IDS;
  socket.data.blockedIds = NO_IDS;
  const ownChannels = [channels.user(userId), channels.session(sessionId)];
  if (!deps.handshakeWindow.changedSince(windowOpenedAt, ownChannels)) {
    return socket.disconnected ? undefined : { roomIds: previous, blockedIds };
  }
  // The session, rooms, privacy settings and blocks: one statement (handshake-reads.ts).
  const recheck = await readHandshakeRecheck(deps.db, sessionId, userId);
  if (!deps.sessions.isLiveRow(recheck.session) || !recheck.privacy) socket.disconnect(true);
  else {
    settlePrivacy(socket, recheck.privacy);
    settleBlocks(socket, blockedIds, recheck.blockedIds);
  }
  let current = recheck.roomIds;
  // Joining a disconnected socket would leave it in the adapter's channels for good.
  while (!socket.disconnected) {
    const { left, joined } = difference(previous, current);
    if (left.length === 0 && joined.length === 0) {
      return { roomIds: current, blockedIds: recheck.blockedIds };
    }
    for (const roomId of left) void socket.leave(channels.room(roomId));
    void socket.join(joined.map(channels.room));
    previous = current;
    current = await findRoomIdsOfUser(deps.db, userId);
  }
  return undefined;
}

function settlePrivacy(socket: NatterSocket, now: PrivacySettings): void {
  const before = new Map(
    privacyChannels(socket.data.privacy).map(({ channel, joined }) => [channel, joined]),
  );
  for (const { channel, joined } of privacyChannels(now)) {
    if (before.get(channel) === joined) continue;
    if (joined) void socket.join(channel);
    else void socket.leave(channel);
  }
  socket.data.privacy = now;
}

/** The channels of the users the socket's user blocks (channels.blockersOf), as they are now. */
function settleBlocks(socket: NatterSocket, before: readonly string[], now: readonly string[]) {
  const { left, joined } = difference(before, now);
  for (const blockedId of left) void socket.leave(channels.blockersOf(blockedId));
  void socket.join(joined.map(channels.blockersOf));
}

function difference(before: readonly string[], after: readonly string[]) {
  const was = new Set(before);
  const is = new Set(after);
  return {
    left: before.filter((id) => !is.has(id)),
    joined: after.filter((id) => !was.has(id)),
  };
}
