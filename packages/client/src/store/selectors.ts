import type {
  Attachment,
  LinkPreview,
  Message,
  Reaction,
  MessageSender,
  MessageType,
  Presence,
  RoomMention,
  SystemEvent,
} from '@natter/protocol';
import { mentionsUser } from '@natter/protocol';
import type { NatterError } from '../natter-error.js';
import { withIntents } from './reactions-reducer.js';
import { deriveStatus } from './receipts.js';
import type {
  ChatState,
  DisplayStatus,
  PendingMessage,
  PendingUpload,
  ReactionIntents,
  RoomState,
} from './state.js';

/** One row of a room's timeline: a confirmed message or a pending one, in one shape for UIs. */
export interface TimelineMessage {
  /** Stable across confirmation (the clientId for this user's messages), for React keys. */
  key: string;
  /** Server id and seq: absent while the message is pending. */
  id?: string;
  seq?: number;
  clientId?: string;
  roomId: string;
  senderId: string;
  sender: MessageSender;
  type: MessageType;
  content: string;
  /** `system` messages: what happened (see the protocol's `systemEventText`). */
  event?: SystemEvent;
  attachments?: Attachment[];
  /** A pending message's files, with local previews and upload progress. */
  uploads?: readonly PendingUpload[];
  replyTo?: string;
  editedAt?: string;
  deletedAt?: string;
  createdAt: string;
  /** The card the server made for the text's first link, once it did. */
  preview?: LinkPreview;
  /** Derived from receipts for confirmed messages; `sending` or `failed` for pending ones. */
  status: DisplayStatus;
  /** Why a `failed` message failed. */
  error?: NatterError;
  /** Whether this user sent it. */
  own: boolean;
  /** The server's reactions with this user's unconfirmed ones applied (`client.react`). */
  reactions?: readonly Reaction[];
  /** Undeleted replies to it (its thread's size), counting live replies as they arrive. */
  replyCount?: number;
  /** The members it mentions, as the server resolved them (`Message.mentions`). */
  mentions?: string[];
  /** `@all` / `@here`, when it calls on the whole group (`Message.roomMention`). */
  roomMention?: RoomMention;
  /** Present when it calls on this user: mentions them or the group, and is someone else's. */
  mentionsMe?: true;
}

const EMPTY: readonly TimelineMessage[] = Object.freeze([]);

interface TimelineCache {
  inputs: readonly unknown[];
  result: readonly TimelineMessage[];
}
const timelineCache = new Map<string, TimelineCache>();

/**
 * A room's messages for display: confirmed ones by seq, then pending ones in the order they were
 * sent. The result keeps its identity while its inputs do, so it is safe to return from a
 * `useSyncExternalStore` snapshot function.
 */
export function selectTimeline(state: ChatState, roomId: string): readonly TimelineMessage[] {
  const timeline = state.timelines[roomId];
  const pending = state.outbox[roomId];
  return cachedRows(timelineCache, state, roomId, timeline?.messages, pending);
}

const windowCache = new Map<string, TimelineCache>();

/**
 * The messages of a room's history window (`client.history.openAt`), for display like
 * `selectTimeline`'s, or undefined while the room shows its live tail. Pending messages belong to
 * the live tail, so they are not here. Keeps its identity while its inputs do.
 */
export function selectWindow(
  state: ChatState,
  roomId: string,
): readonly TimelineMessage[] | undefined {
  const window = state.windows[roomId];
  if (!window) return undefined;
  return cachedRows(windowCache, state, roomId, window.messages, undefined);
}

/** Confirmed messages with their derived statuses, then pending ones; cached per room. */
function cachedRows(
  cache: Map<string, TimelineCache>,
  state: ChatState,
  roomId: string,
  messages: readonly Message[] | undefined,
  pending: readonly PendingMessage[] | undefined,
): readonly TimelineMessage[] {
  const room = state.rooms[roomId];
  const intents = state.reactionIntents[roomId];
  const inputs = [messages, pending, room?.participants, state.receipts[roomId], state.me, intents];
  const cached = cache.get(roomId);
  if (cached && cached.inputs.every((input, i) => input === inputs[i])) return cached.result;

  const me = state.me?.id;
  const participants = room?.participants ?? [];
  const marks = state.receipts[roomId];
  const confirmed = (messages ?? []).map((m) =>
    fromMessage(m, deriveStatus(m, participants, marks, room?.visitorId), me, intents?.[m.id]),
  );
  const result = [...confirmed, ...(pending ?? []).map((p) => fromPending(p, state))];
  const value = result.length === 0 ? EMPTY : result;
  cache.set(roomId, { inputs, result: value });
  return value;
}

function fromMessage(
  message: Message,
  status: DisplayStatus,
  me: string | undefined,
  intents: ReactionIntents | undefined,
): TimelineMessage {
  const own = message.senderId === me;
  const item: TimelineMessage = { ...message, status, own, key: keyOf(message, own) };
  const reactions = withIntents(message.reactions, intents, me);
  if (reactions !== message.reactions) {
    if (reactions) item.reactions = reactions;
    else delete item.reactions;
  }
  if (me !== undefined && mentionsUser(message, me)) item.mentionsMe = true;
  return item;
}

const keyOf = (message: Message, own: boolean) =>
  own && message.clientId ? `c:${message.clientId}` : `m:${message.id}`;

function fromPending(pending: PendingMessage, state: ChatState): TimelineMessage {
  const me = state.me;
  const sender: MessageSender = me
    ? {
        id: me.id,
        displayName: me.displayName,
        ...(me.avatarUrl ? { avatarUrl: me.avatarUrl } : {}),
      }
    : { id: pending.senderId, displayName: '' };
  const item: TimelineMessage = {
    key: `c:${pending.clientId}`,
    clientId: pending.clientId,
    roomId: pending.roomId,
    senderId: sender.id,
    sender,
    type: pending.type,
    content: pending.content,
    createdAt: pending.createdAt,
    status: pending.status,
    own: true,
  };
  if (pending.replyTo !== undefined) item.replyTo = pending.replyTo;
  if (pending.error !== undefined) item.error = pending.error;
  if (pending.uploads !== undefined) item.uploads = pending.uploads;
  return item;
}

/** An open thread for display: its parent and replies as timeline rows, pending replies last. */
export interface ThreadView {
  roomId: string;
  /** The room's own copy of the parent when it holds one, else the one the thread loaded. */
  parent: TimelineMessage | undefined;
  replies: readonly TimelineMessage[];
  hasOlder: boolean;
}

interface ThreadCache {
  inputs: readonly unknown[];
  result: ThreadView;
}
const threadCache = new Map<string, ThreadCache>();

/**
 * A thread opened with `client.threads.open`, or undefined while it is not: its parent, its
 * replies (confirmed by seq, then this user's pending replies to it) and whether older replies
 * remain. Keeps its identity while its inputs do.
 */
export function selectThread(state: ChatState, parentId: string): ThreadView | undefined {
  const thread = state.threads[parentId];
  if (!thread) {
    threadCache.delete(parentId);
    return undefined;
  }
  const { roomId } = thread;
  const held =
    state.timelines[roomId]?.messages.find((m) => m.id === parentId) ??
    state.windows[roomId]?.messages.find((m) => m.id === parentId) ??
    thread.parent;
  const pending = state.outbox[roomId];
  const inputs = [
    thread,
    held,
    pending,
    state.rooms[roomId]?.participants,
    state.receipts[roomId],
    state.me,
    state.reactionIntents[roomId],
  ];
  const cached = threadCache.get(parentId);
  if (cached && cached.inputs.every((input, i) => input === inputs[i])) return cached.result;
  const rows = (messages: readonly Message[], queued?: readonly PendingMessage[]) =>
    cachedRows(new Map(), state, roomId, messages, queued);
  const result: ThreadView = {
    roomId,
    parent: held && rows([held])[0],
    replies: rows(
      thread.replies,
      pending?.filter((p) => p.replyTo === parentId),
    ),
    hasOlder: thread.hasOlder,
  };
  threadCache.set(parentId, { inputs, result });
  return result;
}

/** The displayed status of one confirmed message, derived from the room's receipt marks. */
export function selectMessageStatus(state: ChatState, message: Message): DisplayStatus {
  return deriveStatus(
    message,
    state.rooms[message.roomId]?.participants ?? [],
    state.receipts[message.roomId],
    state.rooms[message.roomId]?.visitorId,
  );
}

const roomsCache = new WeakMap<object, readonly RoomState[]>();

/** Rooms, most recent activity first (as the server lists them). */
export function selectRooms(state: ChatState): readonly RoomState[] {
  const cached = roomsCache.get(state.rooms);
  if (cached) return cached;
  const sorted = Object.values(state.rooms).sort(
    (a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt) || a.id.localeCompare(b.id),
  );
  roomsCache.set(state.rooms, sorted);
  return sorted;
}

/** Total unread messages across rooms. */
export function selectUnreadTotal(state: ChatState): number {
  return Object.values(state.rooms).reduce((sum, room) => sum + room.unreadCount, 0);
}

const NO_TYPISTS: readonly string[] = Object.freeze([]);
const typingCache = new WeakMap<object, readonly string[]>();

/**
 * Who is typing in a room (never this user: the server does not echo one's own typing). Expired
 * indicators are dropped by the client's timer; pass `now` to filter them in between.
 */
export function selectTypingUsers(
  state: ChatState,
  roomId: string,
  now?: number,
): readonly string[] {
  const room = state.typing[roomId];
  if (!room) return NO_TYPISTS;
  if (now !== undefined) return Object.keys(room).filter((userId) => (room[userId] ?? 0) > now);
  const cached = typingCache.get(room);
  if (cached) return cached;
  const users = Object.keys(room);
  const value = users.length === 0 ? NO_TYPISTS : users;
  typingCache.set(room, value);
  return value;
}

export function selectPresence(state: ChatState, userId: string): Presence | undefined {
  return state.presence[userId];
}
