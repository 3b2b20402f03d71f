/**
 * The light chunk: what a returning visitor's frame loads at start, for the launcher's badge and
 * the host's `Natter.on('unread' | 'message')` before the panel opens. It is one REST call and a
 * bare socket.io-client connection: no SDK, no zod (the chat chunk, ~54 KB gzipped, waits for
 * the panel). socket.io-client costs ~13 KB gzipped here, which keeps a returning visit at ~26 KB,
 * well under the 60 KB budget (scripts/check-budget.js): live counts win over polling
 * `GET /api/rooms`, which would show a reply late and cost a request a minute per open tab.
 */
import type {
  ClientToServerEvents,
  HandshakeAuth,
  Message,
  PROTOCOL_VERSION,
  ServerToClientEvents,
} from '@natter/protocol';
import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import type { VisitorChatEvents } from '../chat/visitor-chat.js';
import { listRooms } from '../visitor-api.js';
import { UnreadTally } from './unread-tally.js';

/**
 * The handshake's version. A literal, not the protocol package's constant: importing that module
 * would bring zod's schemas into this chunk. Its type is the constant's, so the day the protocol
 * raises its version this line stops compiling.
 */
const protocolVersion: typeof PROTOCOL_VERSION = 1;

export interface UnreadWatch {
  /** The panel opens: the SDK takes over, this connection ends and reports nothing more. */
  close(): void;
}

export interface UnreadWatchEvents extends VisitorChatEvents {
  /** The server refused the token (an ended visitor): the frame forgets it. */
  onRefused(): void;
}

export function watchUnread(token: string, events: UnreadWatchEvents): UnreadWatch {
  const tally = new UnreadTally();
  let reported = -1;
  let closed = false;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(location.origin, {
    path: '/socket.io',
    auth: { token, protocolVersion } satisfies HandshakeAuth,
  });

  const close = () => {
    closed = true;
    socket.close();
  };
  const report = () => {
    if (closed || tally.total === reported) return;
    reported = tally.total;
    events.onUnread(reported);
  };
  const tell = (message: Message) => {
    if (closed) return;
    events.onAgentMessage({
      id: message.id,
      content: message.content,
      senderName: message.sender.displayName,
      createdAt: message.createdAt,
    });
  };
  const refused = () => {
    close();
    events.onRefused();
  };

  /** The counts as the server has them; messages heard meanwhile are held, then replayed. */
  const refresh = async () => {
    const ticket = tally.beginSnapshot();
    try {
      const { rooms } = await listRooms(token);
      tally.applySnapshot(ticket, rooms).forEach(tell);
      report();
    } catch (error) {
      if ((error as { code?: unknown }).code === 'unauthorized') refused();
      // Anything else (offline, rate limited): the next (re)connection asks again.
    }
  };

  // Every (re)connection asks for the counts: what came while offline is in them.
  socket.on('connect', () => void refresh());
  socket.on('connect_error', (error) => {
    if (error.message === 'unauthorized') refused();
  });
  socket.on('message:new', (message) => {
    const counted = tally.add(message);
    if (counted) tell(counted);
    report();
  });
  // Rare changes the tally cannot follow by itself: the visitor read in another tab, a message
  // was deleted, a new conversation began elsewhere. The server's counts settle them.
  socket.on('messages:read:update', (update) => {
    if (tally.isVisitor(update.userId)) void refresh();
  });
  socket.on('message:deleted', () => void refresh());
  socket.on('room:new', () => void refresh());
  // The server's node lost its link to the other nodes for a while: messages may have passed this
  // socket by. Asked at a random moment within `withinMs`, as the SDK does, so a node's visitors
  // do not all ask at once.
  socket.on('sync:needed', ({ withinMs }) => {
    setTimeout(() => {
      if (!closed) void refresh();
    }, Math.random() * withinMs);
  });

  return { close };
}
