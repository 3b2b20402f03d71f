import type {
  ClientFeature,
  ClientToServerEvents,
  PrivacySettings,
  ServerToClientEvents,
} from '@natter/protocol';
import type { Server, Socket } from 'socket.io';
import type { Principal } from '../auth/session-store.js';
import type { SocketEventState } from './handle-event.js';

/**
 * What the auth middleware attaches to every socket (a handler never sees an anonymous caller),
 * and the counters of its events in flight (handle-event.ts).
 */
export interface SocketData extends SocketEventState {
  userId: string;
  sessionId: string;
  /** A website visitor may send only the events that allow visitors (handle-event.ts). */
  principal: Principal;
  /**
   * The user's rooms when the handshake was accepted; joined as the socket connects, then emptied
   * once the handshake has been settled (handshake-membership.ts): its channels say them.
   */
  roomIds: readonly string[];
  /** Whom the user blocked when the handshake was accepted; emptied with `roomIds`. */
  blockedIds: readonly string[];
  /** Where the handshake's window opened (handshake-window.ts): before its first read. */
  windowOpenedAt: number;
  /** The user's privacy settings when the handshake was accepted (privacy-channels.ts). */
  privacy: PrivacySettings;
  /** Whether the page shows the chat (handshake `auth.visible`, absent: true; then `visibility:set`). */
  visible: boolean;
  /** The batch events the client takes (handshake `auth.features`); for the others it gets single events. */
  features: ClientFeature[];
  /** Resolves once presence is recorded and late membership changes are caught up; handlers wait for it. */
  ready: Promise<void>;
}

/** Between nodes (Socket.IO's `serverSideEmit`, through the Redis adapter). */
export interface InterServerEvents {
  /** The sender's events may not have reached the receiver's sockets: see fanout-link.ts. */
  'fanout:interrupted': () => void;
}

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
