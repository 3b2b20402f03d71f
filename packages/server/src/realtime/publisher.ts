import type { ServerToClientEvents } from '@natter/protocol';
import { channels } from './channels.js';
import type { NatterServer } from './socket-types.js';

/** Who may see an event. The caller names them: choosing recipients is a security decision. */
export interface Audience {
  rooms?: readonly string[];
  users?: readonly string[];
  /** Users whose sockets must not get it (e.g. the typist of a typing indicator). */
  exceptUsers?: readonly string[];
}

type EventName = keyof ServerToClientEvents;
type EventPayload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/**
 * The one exit for realtime events and channel membership. It speaks to Socket.IO's adapter, so
 * the in-memory adapter serves one node and the Redis adapter several, with no change here.
 */
export class Publisher {
  constructor(private readonly io: NatterServer) {}

  publish<E extends EventName>(event: E, payload: EventPayload<E>, audience: Audience): void {
    const targets = [
      ...(audience.rooms ?? []).map(channels.room),
      ...(audience.users ?? []).map(channels.user),
    ];
    if (targets.length === 0) return;
    let operator = this.io.to(targets);
    if (audience.exceptUsers?.length)
      operator = operator.except(audience.exceptUsers.map(channels.user));
    // One emit to many channels: Socket.IO encodes the packet once and sends each socket one copy.
    (operator.emit as (event: E, payload: EventPayload<E>) => boolean)(event, payload);
  }

  /** Puts all of a user's sockets, on every node, into a chat room's channel. */
  addUserToRoom(userId: string, roomId: string): void {
    this.io.in(channels.user(userId)).socketsJoin(channels.room(roomId));
  }

  /** Takes all of a user's sockets out of a chat room's channel: they stop receiving at once. */
  removeUserFromRoom(userId: string, roomId: string): void {
    this.io.in(channels.user(userId)).socketsLeave(channels.room(roomId));
  }

  /**
   * Users with a socket in a chat room's channel on this node: they have just been handed what
   * was published there. (With several nodes, each node answers for its own sockets.)
   */
  connectedUsersIn(roomId: string): Set<string> {
    const users = new Set<string>();
    for (const socketId of this.io.sockets.adapter.rooms.get(channels.room(roomId)) ?? []) {
      const socket = this.io.sockets.sockets.get(socketId);
      if (socket) users.add(socket.data.userId);
    }
    return users;
  }

  /** Disconnects every socket opened with a session (logout). */
  disconnectSession(sessionId: string): void {
    this.io.in(channels.session(sessionId)).disconnectSockets(true);
  }

  /** Disconnects every socket of a user, whatever its session (sign out everywhere). */
  disconnectUser(userId: string): void {
    this.io.in(channels.user(userId)).disconnectSockets(true);
  }

  /** Disconnects every socket of a user but those of one session (a password change's own). */
  disconnectUserExceptSession(userId: string, sessionId: string): void {
    this.io.in(channels.user(userId)).except(channels.session(sessionId)).disconnectSockets(true);
  }
}
