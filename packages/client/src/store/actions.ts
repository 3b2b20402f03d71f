import type {
  Message,
  MessagesPage,
  Presence,
  Room,
  ServerToClientEvents,
  SyncRoomResult,
  User,
} from '@natter/protocol';
import type { NatterError } from '../natter-error.js';
import type { ConnectionState, PendingMessage } from './state.js';

/** A server event as it arrived, with the local time it did (typing expiry needs it). */
export type ServerEventAction = {
  [E in keyof ServerToClientEvents]: {
    type: E;
    payload: Parameters<ServerToClientEvents[E]>[0];
    receivedAt: number;
  };
}[keyof ServerToClientEvents];

/** Results of the SDK's own requests, and its local bookkeeping. */
export type LocalAction =
  | { type: 'session/started'; user: User }
  | { type: 'connection/changed'; connection: ConnectionState }
  /** GET /api/rooms: the complete list; rooms missing from it are gone. */
  | { type: 'rooms/loaded'; rooms: readonly Room[] }
  /** One room from a REST answer (created, fetched, member added). */
  | { type: 'room/fetched'; room: Room }
  /** This user left a room (the answer to their own leave; `room:removed` may follow). */
  | { type: 'room/left'; roomId: string }
  /** A `messages:load` page; `before` is the cursor it was asked with (none: the newest page). */
  | { type: 'history/loaded'; roomId: string; page: MessagesPage; before: string | undefined }
  /** A `messages:load` page `around` a message: the room now shows that window of its history. */
  | { type: 'window/opened'; roomId: string; anchorId: string; page: MessagesPage }
  /** A page older (`before`) or newer (`after`) than the window opened at `anchorId`. */
  | {
      type: 'window/extended';
      roomId: string;
      anchorId: string;
      direction: 'older' | 'newer';
      page: MessagesPage;
    }
  /** Back to the room's live tail ("Jump to latest"). */
  | { type: 'window/closed'; roomId: string }
  /** One room of a `messages:sync` answer, asked with `afterSeq`. */
  | { type: 'sync/applied'; result: SyncRoomResult; afterSeq: number }
  | { type: 'presence/loaded'; presence: readonly Presence[] }
  | { type: 'typing/expired'; now: number }
  /** This user marked a room read (applied before the server confirms it). */
  | { type: 'read/marked'; roomId: string; upToSeq: number }
  /** The ack of an edit: the message as stored. */
  | { type: 'message/edited'; message: Message }
  /** The ack of a delete. */
  | { type: 'message/deleted'; roomId: string; messageId: string; at: number | string }
  /** This user wants to have reacted with `emoji` (`on`), or not: shown before the server answers. */
  | { type: 'reaction/intended'; roomId: string; messageId: string; emoji: string; on: boolean }
  /**
   * A reaction request that asked for `on` is over: `message` is the server's answer (absent
   * when it failed, which drops the intent: the server's copy shows again). A newer, different
   * intent stays for the request that follows.
   */
  | {
      type: 'reaction/settled';
      roomId: string;
      messageId: string;
      emoji: string;
      on: boolean;
      message?: Message;
    }
  /** A thread's newest page of replies (`messages:load` with `replyTo`), and its parent. */
  | {
      type: 'thread/opened';
      roomId: string;
      parentId: string;
      parent: Message | undefined;
      page: MessagesPage;
    }
  /** A page of replies older than the thread's oldest. */
  | { type: 'thread/extended'; parentId: string; page: MessagesPage }
  | { type: 'thread/closed'; parentId: string }
  | { type: 'outbox/queued'; message: PendingMessage }
  /** Pending messages of an earlier session, from the `OutboxStore`, in the order they were typed. */
  | { type: 'outbox/restored'; messages: readonly PendingMessage[] }
  | { type: 'outbox/failed'; clientId: string; error: NatterError }
  | { type: 'outbox/retried'; clientId: string }
  | { type: 'outbox/acked'; clientId: string; message: Message }
  | { type: 'outbox/discarded'; clientId: string }
  /** Bytes of a pending message's file `index` went out: `progress` is 0..1. */
  | { type: 'outbox/upload-progress'; clientId: string; index: number; progress: number }
  /** A pending message's file `index` is uploaded; its id goes into `attachmentIds`. */
  | { type: 'outbox/uploaded'; clientId: string; index: number; attachmentId: string };

/** Everything `applyEvent` understands. */
export type ChatEvent = ServerEventAction | LocalAction;
