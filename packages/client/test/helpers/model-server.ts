import type {
  MemberReceipt,
  Message,
  MessagesPage,
  MessageStatus,
  Room,
  SyncRoomResult,
} from '@natter/protocol';
import { LIMITS } from '@natter/protocol';
import type { ChatEvent } from '../../src/store/actions.js';
import { omit } from '../../src/util/omit.js';
import { at, serverEvent } from './fixtures.js';

/** Whom a message calls on, as the server resolves it from the text (here: given). */
type Calls = Pick<Message, 'mentions' | 'roomMention'>;

interface ModelRoom {
  id: string;
  participants: string[];
  messages: Message[];
  marks: Map<string, { read: number; delivered: number }>;
  lastActivityAt: string;
}

/**
 * A small in-memory model of what the Natter server shows its clients: it keeps rooms, messages
 * and receipt marks, presents rooms and pages the way the server does (PROTOCOL.md), and records
 * the live events each connected user receives. It lets the reducer be checked against the rule
 * "live events applied to a stale snapshot equal a fresh load" without a database.
 */
export class ModelServer {
  private readonly rooms = new Map<string, ModelRoom>();
  private readonly online = new Set<string>();
  private readonly feeds = new Map<string, ChatEvent[]>();
  private clock = 0;
  private ids = 0;

  connect(userId: string): void {
    this.online.add(userId);
    this.feeds.set(userId, []);
  }

  /** The user goes offline: live events no longer reach them (nor mark anything delivered). */
  disconnect(userId: string): void {
    this.online.delete(userId);
    this.feeds.delete(userId);
  }

  /** The events a user received since connecting (or since the last call). */
  takeFeed(userId: string): ChatEvent[] {
    const feed = this.feeds.get(userId) ?? [];
    this.feeds.set(userId, []);
    return feed;
  }

  createRoom(id: string, participants: string[]): void {
    this.rooms.set(id, {
      id,
      participants,
      messages: [],
      marks: new Map(participants.map((p) => [p, { read: 0, delivered: 0 }])),
      lastActivityAt: at(this.tick()),
    });
  }

  send(
    roomId: string,
    senderId: string,
    content: string,
    clientId?: string,
    calls: Calls = {},
  ): Message {
    const room = this.room(roomId);
    const createdAt = at(this.tick());
    const stored: Message = {
      id: `m${++this.ids}`,
      roomId,
      seq: room.messages.length + 1,
      senderId,
      sender: { id: senderId, displayName: senderId.toUpperCase() },
      clientId: clientId ?? `c${this.ids}`,
      type: 'text',
      content,
      status: 'sent',
      createdAt,
      ...calls,
    };
    room.messages.push(stored);
    room.lastActivityAt = createdAt;
    const presented = this.present(room, stored);
    this.publish(room, serverEvent('message:new', presented, this.clock));
    // Connected members have just been handed it: their delivery marks move.
    for (const userId of room.participants) {
      if (userId !== senderId && this.online.has(userId)) this.deliver(roomId, userId, stored.seq);
    }
    return presented;
  }

  /** An edit; the server resolves mentions again from the new text (here: `calls`). */
  edit(messageId: string, content: string, calls: Calls = {}): void {
    const { room, index, message } = this.find(messageId);
    const current = omit(omit(message, 'mentions'), 'roomMention');
    const edited = { ...current, content, editedAt: at(this.tick()), ...calls };
    room.messages[index] = edited;
    this.publish(room, serverEvent('message:updated', this.present(room, edited)));
  }

  delete(messageId: string): void {
    const { room, index, message } = this.find(messageId);
    const current = omit(omit(omit(message, 'attachments'), 'mentions'), 'roomMention');
    const deletedAt = at(this.tick());
    room.messages[index] = { ...current, content: '', deletedAt };
    this.publish(room, serverEvent('message:deleted', { roomId: room.id, messageId, deletedAt }));
  }

  read(roomId: string, userId: string, upToSeq: number): void {
    const room = this.room(roomId);
    const marks = marksOf(room, userId);
    if (upToSeq <= marks.read) return;
    marks.read = upToSeq;
    marks.delivered = Math.max(marks.delivered, upToSeq);
    const upToMessageId = room.messages.find((m) => m.seq === upToSeq)?.id ?? '';
    this.publish(
      room,
      serverEvent('messages:read:update', { roomId, userId, upToMessageId, upToSeq }),
    );
  }

  deliver(roomId: string, userId: string, upToSeq: number): void {
    const room = this.room(roomId);
    const marks = marksOf(room, userId);
    if (upToSeq <= marks.delivered) return;
    marks.delivered = upToSeq;
    // Not to the mark's owner, as on the server: their devices moved it themselves.
    this.publish(room, serverEvent('messages:delivered:update', { roomId, userId, upToSeq }), {
      except: userId,
    });
  }

  /**
   * A user joins a group: they start caught up (marks at the room's last seq) and get `room:new`;
   * the members already there get one `room:members`.
   */
  addMember(roomId: string, userId: string): void {
    const room = this.room(roomId);
    const joinedAtSeq = room.messages.length;
    this.publish(room, serverEvent('room:members', { roomId, added: [userId], joinedAtSeq }));
    room.participants = [...room.participants, userId];
    room.marks.set(userId, { read: joinedAtSeq, delivered: joinedAtSeq });
    const joined = this.roomsFor(userId).find((r) => r.id === roomId);
    if (joined) this.feeds.get(userId)?.push(serverEvent('room:new', joined, this.clock));
  }

  /** A member leaves a group: they get `room:removed`, the others one `room:members`. */
  removeMember(roomId: string, userId: string): void {
    const room = this.room(roomId);
    room.participants = room.participants.filter((p) => p !== userId);
    room.marks.delete(userId);
    this.feeds.get(userId)?.push(serverEvent('room:removed', { roomId }, this.clock));
    this.publish(room, serverEvent('room:members', { roomId, removed: [userId] }));
  }

  /** GET /api/rooms as `userId` sees it. */
  roomsFor(userId: string): Room[] {
    return [...this.rooms.values()]
      .filter((r) => r.participants.includes(userId))
      .map((room) => {
        const readSeq = marksOf(room, userId).read;
        const unread = room.messages.filter(
          (m) => m.seq > readSeq && m.senderId !== userId && !m.deletedAt,
        );
        const mentionCount = Math.min(
          unread.filter((m) => m.roomMention || m.mentions?.includes(userId)).length,
          LIMITS.mentionCountMax,
        );
        const last = room.messages.at(-1);
        const presented: Room = {
          id: room.id,
          type: room.participants.length === 2 ? 'direct' : 'group',
          participants: room.participants,
          unreadCount: unread.length,
          lastActivityAt: room.lastActivityAt,
          lastReadSeq: readSeq,
          lastSeq: room.messages.length,
        };
        if (last) presented.lastMessage = this.present(room, last);
        if (mentionCount > 0) presented.mentionCount = mentionCount;
        return presented;
      });
  }

  /** `messages:load` of the whole room (one page). */
  page(roomId: string): MessagesPage {
    const room = this.room(roomId);
    return {
      messages: room.messages.map((m) => this.present(room, m)),
      hasMore: false,
      changesCursor: '0',
      receipts: this.receipts(room),
    };
  }

  /**
   * `messages:sync` of one room: the messages after `afterSeq` (one page), and as changes every
   * older message that was ever edited or deleted (a superset of what a cursor would name, which
   * merging copes with).
   */
  sync(roomId: string, afterSeq: number): SyncRoomResult {
    const room = this.room(roomId);
    return {
      roomId,
      messages: room.messages.filter((m) => m.seq > afterSeq).map((m) => this.present(room, m)),
      changes: room.messages
        .filter((m) => m.seq <= afterSeq && (m.editedAt !== undefined || m.deletedAt !== undefined))
        .map((m) => this.present(room, m)),
      hasMore: false,
      changesCursor: '0',
      receipts: this.receipts(room),
    };
  }

  private receipts(room: ModelRoom): MemberReceipt[] {
    return [...room.marks].map(([userId, marks]) => ({
      userId,
      lastReadSeq: marks.read,
      lastDeliveredSeq: marks.delivered,
    }));
  }

  private present(room: ModelRoom, message: Message): Message {
    return { ...message, status: this.status(room, message) };
  }

  /** The server's rule: read/delivered once every participant but the sender is. */
  private status(room: ModelRoom, message: Message): MessageStatus {
    const others = room.participants.filter((p) => p !== message.senderId);
    if (others.length === 0) return 'sent';
    if (others.every((p) => marksOf(room, p).read >= message.seq)) return 'read';
    if (others.every((p) => marksOf(room, p).delivered >= message.seq)) return 'delivered';
    return 'sent';
  }

  private publish(room: ModelRoom, event: ChatEvent, audience: { except?: string } = {}): void {
    const stamped = { ...event, receivedAt: Date.parse(at(this.clock)) } as ChatEvent;
    for (const userId of room.participants) {
      if (userId === audience.except) continue;
      if (this.online.has(userId)) this.feeds.get(userId)?.push(stamped);
    }
  }

  private room(roomId: string): ModelRoom {
    const room = this.rooms.get(roomId);
    if (!room) throw new Error(`no room ${roomId}`);
    return room;
  }

  private find(messageId: string): { room: ModelRoom; index: number; message: Message } {
    for (const room of this.rooms.values()) {
      const index = room.messages.findIndex((m) => m.id === messageId);
      const message = room.messages[index];
      if (message) return { room, index, message };
    }
    throw new Error(`no message ${messageId}`);
  }

  private tick(): number {
    return ++this.clock;
  }
}

function marksOf(room: ModelRoom, userId: string) {
  const marks = room.marks.get(userId);
  if (!marks) throw new Error(`${userId} is not in ${room.id}`);
  return marks;
}
