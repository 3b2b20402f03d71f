import type { Message, Room } from '@natter/protocol';

interface RoomCount {
  visitorId: string | undefined;
  unread: number;
  lastSeq: number;
}

/**
 * A returning visitor's unread count before the panel opens, kept without the SDK: each support
 * room's `unreadCount` from a `GET /api/rooms` snapshot, plus every later agent message the
 * socket brings. Messages that come while a snapshot is being fetched wait for it, and a room's
 * `lastSeq` tells which of them the snapshot already counted, so none is counted twice or lost.
 */
export class UnreadTally {
  private rooms = new Map<string, RoomCount>();
  /** Messages heard while a snapshot was on its way (none is applied before the first). */
  private pending: Message[] | undefined = [];
  private asked = 0;

  /** A snapshot is being fetched: hold messages until it comes. Returns its ticket. */
  beginSnapshot(): number {
    this.pending ??= [];
    return ++this.asked;
  }

  /**
   * The rooms as the server had them, then the held messages it had not counted yet: these are
   * returned (the agents' ones), as news for the host. An older snapshot than the latest asked
   * for is dropped: the newer one will come, and the messages wait for it.
   */
  applySnapshot(ticket: number, rooms: readonly Room[]): Message[] {
    if (ticket !== this.asked) return [];
    this.rooms = new Map(
      rooms
        .filter((room) => room.type === 'support')
        .map((room) => [
          room.id,
          { visitorId: room.visitorId, unread: room.unreadCount, lastSeq: room.lastSeq },
        ]),
    );
    const held = this.pending ?? [];
    this.pending = undefined;
    return held.flatMap((message) => this.add(message) ?? []);
  }

  /** A live message: the agent message it was, when it counts as unread. */
  add(message: Message): Message | undefined {
    if (this.pending) {
      this.pending.push(message);
      return undefined;
    }
    const room = this.rooms.get(message.roomId);
    if (!room || message.seq <= room.lastSeq) return undefined;
    room.lastSeq = message.seq;
    // The server counts others' undeleted messages after the reader's mark: so do we.
    if (message.senderId === room.visitorId || message.deletedAt) return undefined;
    room.unread += 1;
    return message;
  }

  /** Whether this user is the visitor (of any of their conversations). */
  isVisitor(userId: string): boolean {
    return [...this.rooms.values()].some((room) => room.visitorId === userId);
  }

  get total(): number {
    return [...this.rooms.values()].reduce((sum, room) => sum + room.unread, 0);
  }
}
