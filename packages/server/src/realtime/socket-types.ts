import type { ClientToServerEvents, ServerToClientEvents } from '@natter/protocol';
import type { Server, Socket } from 'socket.io';
import type { Principal } from '../auth/session-store.js';

/** What the auth middleware attaches to every socket: a handler never sees an anonymous caller. */
export interface SocketData {
  userId: string;
  sessionId: string;
  /** A website visitor may send only the events that allow visitors (handle-event.ts). */
  principal: Principal;
  /** The user's rooms when the handshake was accepted; joined as the socket connects. */
  roomIds: string[];
  /** Resolves once presence is recorded and late membership changes are caught up; handlers wait for it. */
  ready: Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type InterServerEvents = {};

export type NatterServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type NatterSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
