import { messageStatus } from '@natter/protocol';
import type { Message, MessagesPage, MessagesSyncPayload, SyncRoomResult } from '@natter/protocol';
import type { messageSendSchema, messagesLoadSchema } from '@natter/protocol';
import type { z } from 'zod';
import type { DatabaseClock } from '../db/database-clock.js';
import type { Db, Executor } from '../db/database.js';
import { isDatabaseUnavailable } from '../db/database-unavailable.js';
import { AppError, badRequest, forbidden, notFound } from '../errors.js';
import { attachUploads, deleteAttachedTo } from '../files/upload-repository.js';
import type { UploadService } from '../files/upload-service.js';
import type { Publisher } from '../realtime/publisher.js';
import type { MemberMarks } from '../receipts/message-status.js';
import { presentReceipt } from '../receipts/message-status.js';
import { marksSeenBy } from '../receipts/read-privacy.js';
import type { ReceiptService } from '../receipts/receipt-service.js';
import type { Membership, RoomMemberRow } from '../membership/membership.js';
import {
  findMembers,
  findMembership,
  findRoomStateForMember,
  findRoomStatesWithMembers,
  moderates,
} from '../membership/membership.js';
import { isBlockedInDirectRoom } from '../users/block-repository.js';
import { firstLink } from '../link-previews/first-link.js';
import { groupBy } from '../util/group-by.js';
import type { MessageRecord } from './message-presenter.js';
import { presentMessage } from './message-presenter.js';
import type { AppendQueue } from './append-queue.js';
import type { MessageListener } from './message-listener.js';
import { SyncBudget } from './sync-budget.js';
import { readThread } from './thread-loader.js';
import type { UnsettledSends } from './unsettled-sends.js';
import type { AppendedMessage, MessageChange } from './message-repository.js';
import {
  FRESH_MESSAGE_COLUMNS,
  appendMessages,
  findAfter,
  findByClientId,
  findChanges,
  findMessage,
  findMessageRoomId,
  findPageForMember,
  isDuplicateClientId,
  lockRoomThenMessage,
  messageExistsInRoom,
  takeNextChangeSeq,
  uncountReply,
  updateMessage,
} from './message-repository.js';

/** Messages per room in one `messages:sync` answer, and changes likewise (within `SyncBudget`). */
const SYNC_PAGE = 100;
const SYNC_CHANGES_PAGE = 500;
/** Rooms of one sync read in parallel: enough to hide round trips, few enough to stay bounded. */
const SYNC_ROOMS_AT_ONCE = 8;

type SyncRoomRequest = MessagesSyncPayload['rooms'][number];

/** One room's rows as read for a sync, before the answer's budget is applied. */
interface FetchedSyncPage {
  request: SyncRoomRequest;
  lastChangeSeq: number;
  rows: MessageRecord[];
  changeRows: MessageRecord[];
  moreRows: boolean;
  moreChanges: boolean;
}

/** One room's part of a sync answer, before presenting. */
interface SyncRoomPage {
  roomId: string;
  rows: MessageRecord[];
  changeRows: MessageRecord[];
  hasMore: boolean;
  changesCursor: string;
}

/**
 * What a history load read, before presenting: `older` newest first (at most the page), `newer`
 * oldest first, and the room's change cursor read before them.
 */
export interface PageRead {
  older: readonly MessageRecord[];
  hasMore: boolean;
  newer?: { records: readonly MessageRecord[]; hasNewer: boolean };
  lastChangeSeq: number;
}

type SendInput = z.output<typeof messageSendSchema>;
type LoadInput = z.output<typeof messagesLoadSchema>;

/**
 * Message commands. Each one authorizes inside its own queries (a non-member's send finds no
 * room to take a seq from), commits, and only then publishes and answers.
 */
export class MessageService {
  constructor(
    private readonly db: Db,
    /** Times messages, edits and deletes on the database's clock (db/database-clock.ts). */
    private readonly clock: DatabaseClock,
    private readonly publisher: Publisher,
    private readonly receipts: ReceiptService,
    private readonly uploads: UploadService,
    private readonly appendQueue: AppendQueue,
    private readonly unsettledSends: UnsettledSends,
    /**
     * Told of each message this node published, and of each edit: pushes
     * (notifications/push-dispatcher.ts) and link previews (link-previews/).
     */
    private readonly listener: MessageListener,
  ) {}

  /**
   * Stores a message with the room's next seq and publishes it. Idempotent per sender and
   * clientId through a unique key in the database: a resend acks the stored message, unchanged,
   * and publishes nothing.
   */
  async send(senderId: string, input: SendInput): Promise<{ message: Message; created: boolean }> {
    const attachmentIds = input.attachmentIds ?? [];
    if (attachmentIds.length > 0) {
      // A resend acks the stored message before its (by now attached) uploads are looked at.
      const stored = await findByClientId(this.db, senderId, input.clientId);
      if (stored)
        return { message: await this.presentResend(stored, input.roomId), created: false };
      await this.uploads.prepare(senderId, input.roomId, attachmentIds, input.type);
    }

    const record: MessageRecord = {
      id: crypto.randomUUID(),
      roomId: input.roomId,
      seq: 0,
      senderId,
      clientId: input.clientId,
      type: input.type,
      content: input.content,
      replyToId: input.replyTo ?? null,
      ...FRESH_MESSAGE_COLUMNS,
      mentions: null,
      roomMention: null,
      createdAt: this.clock.now(),
      senderDisplayName: '',
      senderAvatarUrl: null,
    };
    let appended: AppendedMessage | undefined;
    try {
      appended =
        attachmentIds.length === 0
          ? await this.appendQueue.append(record)
          : await this.appendWithAttachments(record, attachmentIds);
    } catch (error) {
      // The statement may have committed before the connection broke: looked up once it is back.
      if (isDatabaseUnavailable(error)) this.unsettledSends.add(record.id);
      if (!isDuplicateClientId(error)) throw error;
      appended = undefined;
    }
    if (!appended) return { message: await this.explainRefusal(senderId, input), created: false };

    // Presented from what the statement returned: no read-back of the row just written.
    const attachments =
      attachmentIds.length === 0
        ? undefined
        : (await this.uploads.attachmentsOf([record.id])).get(record.id);
    const message = presentMessage({ ...record, ...appended }, 'sent', attachments);
    // Every node marks delivery for the sockets it hands this to (mark-delivered-on-hand-over.ts).
    this.publisher.publish('message:new', message, { rooms: [input.roomId] });
    this.listener.messageCreated(message);
    return { message, created: true };
  }

  /**
   * The message and the link to its uploads commit together: if another send took an upload
   * first (the link re-checks under the row lock), the message and its seq are rolled back.
   * Such sends are rare and stay out of the group commit, which has no transaction to join.
   */
  private appendWithAttachments(record: MessageRecord, ids: readonly string[]) {
    return this.db.transaction(async (tx) => {
      const appended = (await appendMessages(tx, [record])).get(record.id);
      if (!appended) return undefined;
      const linked = await attachUploads(tx, record.id, ids, record.senderId, record.roomId);
      if (linked !== ids.length) throw badRequest('attachmentIds: an upload is already attached');
      return appended;
    });
  }

  /**
   * Why a send stored nothing, in the order the rules apply: a resend (also one that lost a race
   * to a concurrent send with the same clientId) acks the stored message; else the sender is not
   * a member; else the other member of a direct room blocks them; else `replyTo` is not a message
   * of the room.
   */
  private async explainRefusal(senderId: string, input: SendInput): Promise<Message> {
    const stored = await findByClientId(this.db, senderId, input.clientId);
    if (stored) return this.presentResend(stored, input.roomId);
    if (!(await findRoomStateForMember(this.db, input.roomId, senderId))) throw forbidden();
    if (await isBlockedInDirectRoom(this.db, input.roomId, senderId)) {
      throw forbidden('this user does not accept messages from you');
    }
    if (input.replyTo && !(await messageExistsInRoom(this.db, input.roomId, input.replyTo))) {
      throw badRequest('replyTo: no such message in this room');
    }
    throw new Error('send stored nothing, for no known reason');
  }

  /**
   * Publishes a message whose statement committed but whose answer was lost (UnsettledSends): its
   * sender was told `unavailable`, and its resend, acked with this stored row, publishes nothing.
   */
  async publishUnsettled(record: MessageRecord): Promise<void> {
    const message = await this.present(record);
    this.publisher.publish('message:new', message, { rooms: [message.roomId] });
    this.listener.messageCreated(message);
  }

  /**
   * Edits the author's own message; the edit is a change that `messages:sync` reports. Not in a
   * direct room whose other member blocks the author: new text reaches them like a message.
   */
  async edit(userId: string, messageId: string, content: string): Promise<Message> {
    const changed = await this.changeMessage(messageId, userId, async (record, membership, tx) => {
      this.authorizeChange(userId, record, membership, 'edit');
      if (record.deletedAt) throw new AppError('conflict', 'a deleted message cannot be edited');
      if (record.content === content) return undefined;
      // New text reaches the other person like a message does: not when they block the user.
      if (await isBlockedInDirectRoom(tx, record.roomId, userId)) {
        throw forbidden('this user does not accept messages from you');
      }
      // A preview shows the text's first link: one the edit changed goes with the old text.
      const stalePreview = record.preview && record.preview.url !== firstLink(content);
      return { content, editedAt: this.clock.now(), ...(stalePreview ? { preview: null } : {}) };
    });
    if (!changed.applied) return this.present(changed.record);
    const message = await this.publishUpdated(changed.record);
    this.listener.messageEdited?.(message);
    return message;
  }

  /**
   * Deletes a message (the author's own, or any in a group the user moderates), leaving a
   * tombstone: no content, `deletedAt` set. A deleted reply no longer counts on its parent.
   * Resolves with the stored `deletedAt` (the first delete's, for a message deleted before).
   */
  async delete(userId: string, messageId: string): Promise<{ deletedAt: string }> {
    let removedUploads: string[] = [];
    const changed = await this.changeMessage(messageId, userId, async (record, membership, tx) => {
      this.authorizeChange(userId, record, membership, 'delete');
      if (record.deletedAt) return undefined;
      removedUploads = await deleteAttachedTo(tx, messageId);
      if (record.replyToId) {
        await uncountReply(tx, record.replyToId, await takeNextChangeSeq(tx, record.roomId));
      }
      return { content: '', deletedAt: this.clock.now() };
    });
    // The tombstone has no attachments, and the files go with the rows (their URLs stop working).
    await this.uploads.deleteObjects(removedUploads);
    const deletedAt = (changed.record.deletedAt ?? new Date()).toISOString();
    if (!changed.applied) return { deletedAt };
    const { roomId, replyToId } = changed.record;
    // With the stored time, so that every member's tombstone equals what a later load shows.
    this.publisher.publish(
      'message:deleted',
      { roomId, messageId, deletedAt },
      { rooms: [roomId] },
    );
    const parent = replyToId ? await findMessage(this.db, replyToId) : undefined;
    if (parent) await this.publishUpdated(parent);
    return { deletedAt };
  }

  /** Who may edit or delete: the author; a group's moderators may delete anyone's message. */
  private authorizeChange(
    userId: string,
    record: MessageRecord,
    membership: Membership,
    action: 'edit' | 'delete',
  ): void {
    // The room's own record of what happened: nobody rewrites or hides it.
    if (record.type === 'system') {
      throw badRequest('messageId: a system message cannot be edited or deleted');
    }
    const moderating = action === 'delete' && moderates(membership);
    if (record.senderId !== userId && !moderating) {
      throw forbidden(
        `only the author${action === 'delete' ? ' or a moderator' : ''} can ${action} a message`,
      );
    }
  }

  /**
   * Applies a change to one message (an edit, a delete, a reaction, a preview) with the room's
   * next change number, so `messages:sync` reports it to clients that were away. The room and
   * then the row are locked (the order every writer keeps), so changes to a message apply one
   * after the other. `actorId`, when given, must be a member of the room (else `forbidden`).
   * `decide` sees the locked row and returns the columns to set, or undefined when nothing
   * changes (an idempotent repeat); it throws to refuse, and may write more in `tx`.
   */
  async changeMessage(
    messageId: string,
    actorId: string | undefined,
    decide: (
      record: MessageRecord,
      membership: Membership,
      tx: Executor,
    ) => MessageChange | undefined | Promise<MessageChange | undefined>,
  ): Promise<{ record: MessageRecord; applied: boolean }> {
    const applied = await this.db.transaction(async (tx) => {
      const roomId = await findMessageRoomId(tx, messageId);
      if (!roomId || !(await lockRoomThenMessage(tx, roomId, messageId))) {
        throw notFound('message not found');
      }
      const membership =
        actorId === undefined ? undefined : await findMembership(tx, roomId, actorId);
      if (actorId !== undefined && !membership) throw forbidden();
      const record = await findMessage(tx, messageId);
      if (!record) throw notFound('message not found');
      // `actorId` undefined (the server's own change): no membership to decide by.
      const change = await decide(record, membership as Membership, tx);
      if (!change) return false;
      const changeSeq = await takeNextChangeSeq(tx, roomId);
      await updateMessage(tx, messageId, { ...change, changeSeq });
      return true;
    });
    return { record: await this.requireMessage(messageId), applied };
  }

  /** Tells the room's members a message's new state (`message:updated`); answers it presented. */
  async publishUpdated(record: MessageRecord): Promise<Message> {
    const message = await this.present(record);
    this.publisher.publish('message:updated', message, { rooms: [message.roomId] });
    return message;
  }

  /**
   * A page of history, oldest first: the newest messages, those older than `before` (a seq:
   * exact, no skips), the oldest ones newer than `after`, or those `around` a message (half the
   * page at or before it, the rest after it). With `replyTo`, the same pages of that message's
   * replies (thread-loader.ts).
   */
  async load(userId: string, input: LoadInput): Promise<MessagesPage> {
    if (input.replyTo !== undefined) {
      const [read, members] = await Promise.all([
        readThread(this.db, userId, input, input.replyTo),
        findMembers(this.db, [input.roomId]),
      ]);
      // A thread's replies are not all the messages up to the newest of them: no delivery mark.
      return this.presentPage(userId, input.roomId, members, read, { marksDelivery: false });
    }
    if (input.around !== undefined) return this.loadAround(userId, input, input.around);
    if (input.after !== undefined) return this.loadAfter(userId, input, Number(input.after));
    // The change cursor and the members' marks are read with the messages (one statement, one
    // snapshot), so a change racing this load is reported by the next sync rather than lost.
    const found = await findPageForMember(this.db, {
      roomId: input.roomId,
      userId,
      beforeSeq: input.before === undefined ? undefined : Number(input.before),
      limit: input.limit,
    });
    if (!found) throw forbidden();
    return this.presentPage(userId, input.roomId, found.members, {
      older: found.records.slice(0, input.limit),
      hasMore: found.records.length > input.limit,
      lastChangeSeq: found.lastChangeSeq,
    });
  }

  /** `around`: the target (which must be a message of the room) and its neighbours. */
  private async loadAround(
    userId: string,
    input: LoadInput,
    messageId: string,
  ): Promise<MessagesPage> {
    const target = await findMessage(this.db, messageId);
    if (!target || target.roomId !== input.roomId) {
      // Whether the message exists is only a member's to learn.
      if (!(await findRoomStateForMember(this.db, input.roomId, userId))) throw forbidden();
      throw notFound('message not found in this room');
    }
    const olderLimit = Math.ceil(input.limit / 2);
    const newerLimit = input.limit - olderLimit;
    const [found, newer] = await Promise.all([
      // At or before the target, read with the membership check, the change cursor and the marks.
      findPageForMember(this.db, {
        roomId: input.roomId,
        userId,
        beforeSeq: target.seq + 1,
        limit: olderLimit,
      }),
      findAfter(this.db, input.roomId, target.seq, newerLimit),
    ]);
    if (!found) throw forbidden();
    return this.presentPage(userId, input.roomId, found.members, {
      older: found.records.slice(0, olderLimit),
      hasMore: found.records.length > olderLimit,
      newer: { records: newer.slice(0, newerLimit), hasNewer: newer.length > newerLimit },
      lastChangeSeq: found.lastChangeSeq,
    });
  }

  /** `after`: the oldest `limit` messages newer than the cursor. */
  private async loadAfter(
    userId: string,
    input: LoadInput,
    afterSeq: number,
  ): Promise<MessagesPage> {
    // The change cursor is read before the messages: a change in between is reported again by
    // the next sync, never lost.
    const state = await findRoomStateForMember(this.db, input.roomId, userId);
    if (!state) throw forbidden();
    const [newer, members] = await Promise.all([
      findAfter(this.db, input.roomId, afterSeq, input.limit),
      findMembers(this.db, [input.roomId]),
    ]);
    const records = newer.slice(0, input.limit);
    // Seqs are gapless from 1 (append_messages): older messages exist below any seq above 1.
    const oldestSeq = records[0]?.seq ?? 1;
    return this.presentPage(userId, input.roomId, members, {
      older: [],
      hasMore: oldestSeq > 1,
      newer: { records, hasNewer: newer.length > input.limit },
      lastChangeSeq: state.lastChangeSeq,
    });
  }

  /**
   * A load's answer from what was read. Marks the page delivered to the reader up to its newest
   * message, unless told the page has gaps (`marksDelivery: false`).
   */
  private async presentPage(
    userId: string,
    roomId: string,
    members: readonly RoomMemberRow[],
    read: PageRead,
    { marksDelivery = true } = {},
  ): Promise<MessagesPage> {
    const page = [...read.older].reverse().concat(read.newer?.records ?? []);
    const newest = page.at(-1);
    if (newest && marksDelivery) this.receipts.markDelivered(roomId, userId, newest.seq);
    const marks = marksSeenBy(members, userId);
    const result: MessagesPage = {
      messages: await this.presentWithStatuses(page, marks),
      hasMore: read.hasMore,
      changesCursor: String(read.lastChangeSeq),
      receipts: marks.map(presentReceipt),
    };
    if (read.hasMore && page[0]) result.nextCursor = String(page[0].seq);
    if (read.newer) {
      result.hasNewer = read.newer.hasNewer;
      if (read.newer.hasNewer && newest) result.newerCursor = String(newest.seq);
    }
    return result;
  }

  /** What a reconnecting client missed, per room: new messages, and changes to older ones. */
  async sync(userId: string, input: MessagesSyncPayload): Promise<SyncRoomResult[]> {
    // Every room's membership check, change cursor and members' marks in one round trip.
    const roomStates = await findRoomStatesWithMembers(
      this.db,
      input.rooms.map((r) => r.roomId),
      userId,
    );
    const outsider = input.rooms.find((r) => !roomStates.has(r.roomId));
    if (outsider) throw forbidden(`you are not a member of room ${outsider.roomId}`);
    const states = input.rooms.map((request) => ({
      request,
      lastChangeSeq: roomStates.get(request.roomId)?.lastChangeSeq ?? 0,
    }));

    // Rooms are read a few at a time, each asking only for what the answer can still carry, and
    // spent in request order: the answer stays bounded however many busy rooms are named.
    const budget = new SyncBudget();
    const results: SyncRoomPage[] = [];
    for (let i = 0; i < states.length; i += SYNC_ROOMS_AT_ONCE) {
      const pageLimit = budget.limit(SYNC_PAGE);
      const changesLimit = budget.limit(SYNC_CHANGES_PAGE);
      const fetched = await Promise.all(
        states
          .slice(i, i + SYNC_ROOMS_AT_ONCE)
          .map(({ request, lastChangeSeq }) =>
            this.fetchSyncPage(request, lastChangeSeq, pageLimit, changesLimit),
          ),
      );
      for (const page of fetched) results.push(this.spendSyncPage(page, budget));
    }

    return Promise.all(
      results.map(async (r) => {
        const roomMembers = marksSeenBy(roomStates.get(r.roomId)?.members ?? [], userId);
        const newest = r.rows.at(-1);
        if (newest) this.receipts.markDelivered(r.roomId, userId, newest.seq);
        return {
          roomId: r.roomId,
          messages: await this.presentWithStatuses(r.rows, roomMembers),
          changes: await this.presentWithStatuses(r.changeRows, roomMembers),
          hasMore: r.hasMore,
          changesCursor: r.changesCursor,
          receipts: roomMembers.map(presentReceipt),
        };
      }),
    );
  }

  /**
   * One room's share of a sync, read with the answer's limits (one row more than asked, to tell
   * whether more remain). A limit of 0 reads nothing: the room is reported as having more.
   */
  private async fetchSyncPage(
    request: SyncRoomRequest,
    lastChangeSeq: number,
    pageLimit: number,
    changesLimit: number,
  ): Promise<FetchedSyncPage> {
    const rows =
      pageLimit > 0 ? await findAfter(this.db, request.roomId, request.afterSeq, pageLimit) : [];
    const changeRows =
      request.changesSince === undefined || changesLimit === 0
        ? []
        : await findChanges(
            this.db,
            request.roomId,
            {
              sinceChange: Number(request.changesSince),
              upToChange: lastChangeSeq,
              maxSeq: request.afterSeq,
            },
            changesLimit,
          );
    return {
      request,
      lastChangeSeq,
      rows: rows.slice(0, pageLimit),
      changeRows: changeRows.slice(0, changesLimit),
      moreRows: pageLimit === 0 || rows.length > pageLimit,
      moreChanges:
        request.changesSince !== undefined &&
        (changesLimit === 0 || changeRows.length > changesLimit),
    };
  }

  /** Keeps what still fits in the answer; whatever is left out makes the room `hasMore`. */
  private spendSyncPage(page: FetchedSyncPage, budget: SyncBudget): SyncRoomPage {
    const rows = budget.take(page.rows);
    const changeRows = budget.take(page.changeRows);
    const moreChanges = page.moreChanges || changeRows.length < page.changeRows.length;
    return {
      roomId: page.request.roomId,
      rows,
      changeRows,
      hasMore: page.moreRows || rows.length < page.rows.length || moreChanges,
      // Without more changes to fetch, the cursor is the room's counter read before the queries;
      // with more, the last change handed out (or, if none was, where the client already is).
      changesCursor: moreChanges
        ? String(changeRows.at(-1)?.changeSeq ?? page.request.changesSince)
        : String(page.lastChangeSeq),
    };
  }

  /** A resend's answer: the stored message, if the sender still belongs to its room. */
  private async presentResend(stored: MessageRecord, roomId: string): Promise<Message> {
    if (stored.roomId !== roomId) {
      throw new AppError('conflict', 'clientId: already used for a message in another room');
    }
    if (!(await findRoomStateForMember(this.db, roomId, stored.senderId))) throw forbidden();
    return this.present(stored);
  }

  /**
   * One message as its room's members see it now (status from their marks), for all of them at
   * once (an event to the room, an ack): with the marks its sender may see. Only a sender who does
   * not share reads sees less than the others (never `read`), and nobody sees more than their due.
   */
  async present(record: MessageRecord): Promise<Message> {
    const members = await findMembers(this.db, [record.roomId]);
    const [message] = await this.presentWithStatuses(
      [record],
      marksSeenBy(members, record.senderId),
    );
    if (!message) throw new Error('presenting one message gave none');
    return message;
  }

  /**
   * Presents messages of any number of rooms to a reader exactly as history does (statuses from
   * each room's marks as they may see them, attachments with signed URLs): search results. The
   * caller has checked the reader's membership of every room.
   */
  async presentAcrossRooms(
    readerId: string,
    records: readonly MessageRecord[],
  ): Promise<Message[]> {
    const roomIds = [...new Set(records.map((r) => r.roomId))];
    const members = groupBy(await findMembers(this.db, roomIds), (m) => m.roomId);
    const marks = new Map(
      [...members].map(([roomId, roomMembers]) => [roomId, marksSeenBy(roomMembers, readerId)]),
    );
    return this.presentWithStatuses(records, (roomId) => marks.get(roomId) ?? []);
  }

  /**
   * Presents messages with the marks of their room's members (one list, or one per room):
   * attachments (with signed URLs) in one query.
   */
  private async presentWithStatuses(
    records: readonly MessageRecord[],
    members: readonly MemberMarks[] | ((roomId: string) => readonly MemberMarks[]),
  ): Promise<Message[]> {
    const membersOf = typeof members === 'function' ? members : () => members;
    // Only image and file messages carry uploads (a text message naming one is refused), so a
    // page of text costs no look-up.
    const [attachments, previewImages] = await Promise.all([
      this.uploads.attachmentsOf(
        records.filter((r) => r.type !== 'text' && !r.deletedAt).map((r) => r.id),
      ),
      this.uploads.previewImageUrls(records),
    ]);
    return records.map((record) =>
      presentMessage(
        record,
        messageStatus(record, membersOf(record.roomId)),
        attachments.get(record.id),
        previewImages.get(record.id),
      ),
    );
  }

  private async requireMessage(messageId: string): Promise<MessageRecord> {
    const record = await findMessage(this.db, messageId);
    if (!record) throw notFound('message not found');
    return record;
  }
}
