import type { ServerToClientEvents } from '@natter/protocol';
import { channels } from './channels.js';
import type { Fanout } from './fanout.js';
import type { HandshakeWindow } from './handshake-window.js';
import type { NatterServer } from './socket-types.js';

/** Who may see an event. The caller names them: choosing recipients is a security decision. */
export interface Audience {
  rooms?: readonly string[];
  users?: readonly string[];
  /** Users whose sockets must not get it (e.g. the typist of a typing indicator). */
  exceptUsers?: readonly string[];
  /** Channels whose sockets must not get it (users who turned off what it tells: `channels`). */
  exceptChannels?: readonly string[];
}

type EventName = keyof ServerToClientEvents;
/** The sockets of a channel, as Socket.IO lets one act on them. */
type SocketsIn = ReturnType<NatterServer['in']>;
type EventPayload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/**
 * The one exit for realtime events and channel membership. It speaks to Socket.IO's adapter, so
 * the in-memory adapter serves one node and the Redis adapter several, with no change here.
 */
export class Publisher {
  constructor(
    private readonly io: NatterServer,
    private readonly fanout: Fanout,
    /** Told of every change made here, for the handshakes reading meanwhile. */
    private readonly handshakeWindow: HandshakeWindow,
  ) {}

  publish<E extends EventName>(event: E, payload: EventPayload<E>, audience: Audience): void {
    const targets = [
      ...(audience.rooms ?? []).map(channels.room),
      ...(audience.users ?? []).map(channels.user),
    ];
    if (targets.length === 0) return;
    let operator = this.io.to(targets);
    const except = [
      ...(audience.exceptUsers ?? []).map(channels.user),
      ...(audience.exceptChannels ?? []),
    ];
    if (except.length > 0) operator = operator.except(except);
    // One emit to many channels: Socket.IO encodes the packet once and sends each socket one copy.
    (operator.emit as (event: E, payload: EventPayload<E>) => boolean)(event, payload);
  }

  /** How many sockets in a chat room's channel this node serves (the adapter's own index: O(1)). */
  localSocketsInRoom(roomId: string): number {
    return this.io.of('/').adapter.rooms.get(channels.room(roomId))?.size ?? 0;
  }

  /**
   * Puts all of a user's sockets, on every node, into a chat room's channel. Resolves once a
   * message published after it, from any node, is sure to reach them (see `applyEverywhere`).
   */
  addUserToRoom(userId: string, roomId: string): Promise<void> {
    return this.applyEverywhere(channels.user(userId), (sockets) =>
      sockets.socketsJoin(channels.room(roomId)),
    );
  }

  /**
   * Takes all of a user's sockets, on every node, out of a chat room's channel. Resolves once a
   * message published after it, from any node, is sure to miss them.
   */
  removeUserFromRoom(userId: string, roomId: string): Promise<void> {
    return this.applyEverywhere(channels.user(userId), (sockets) =>
      sockets.socketsLeave(channels.room(roomId)),
    );
  }

  /**
   * Puts all of a user's sockets, on every node, into a channel of their settings, or takes them
   * out (privacy-channels.ts). Resolves once what is published after it, from any node, honours
   * the change.
   */
  setUserInChannel(userId: string, channel: string, inChannel: boolean): Promise<void> {
    return this.applyEverywhere(channels.user(userId), (sockets) =>
      inChannel ? sockets.socketsJoin(channel) : sockets.socketsLeave(channel),
    );
  }

  /** Disconnects every socket opened with a session (logout), on every node. */
  disconnectSession(sessionId: string): Promise<void> {
    return this.applyEverywhere(channels.session(sessionId), (sockets) =>
      sockets.disconnectSockets(true),
    );
  }

  /** Disconnects every socket of a user, whatever its session (sign out everywhere). */
  disconnectUser(userId: string): Promise<void> {
    return this.applyEverywhere(channels.user(userId), (sockets) =>
      sockets.disconnectSockets(true),
    );
  }

  /** Disconnects every socket of a user but those of one session (a password change's own). */
  disconnectUserExceptSession(userId: string, sessionId: string): Promise<void> {
    return this.applyEverywhere(channels.user(userId), (sockets) =>
      sockets.except(channels.session(sessionId)).disconnectSockets(true),
    );
  }

  /**
   * Applies a change to the sockets in `channel` on this node at once, then on every node, and
   * resolves once the change is ahead of anything published later:
   * - The Redis PUB/SUB adapter applies a join, leave or disconnect on its own node only when its
   *   request comes back from Redis, through another connection than the one a later PING answers
   *   on; hence the local step first. The echo repeats it, harmlessly: echoes come back in the
   *   order the changes were made, so a socket joined and left again within one round trip to
   *   Redis is back in the channel only until the leave's echo follows. Without Redis both steps
   *   act on this node, and the second finds nothing left to do.
   * - The adapters send the change to Redis without waiting; the fence resolves once Redis has
   *   it. Every node reads Redis in order, so a message published after this resolves (after the
   *   caller's HTTP response, say) reaches each node after the change.
   */
  private async applyEverywhere(
    channel: string,
    change: (sockets: SocketsIn) => void,
  ): Promise<void> {
    this.handshakeWindow.changed(channel);
    change(this.io.local.in(channel));
    change(this.io.in(channel));
    await this.fanout.fence();
  }
}
