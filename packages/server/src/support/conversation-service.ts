import { randomBytes } from 'node:crypto';
import type { Conversation, ConversationStatus, ConversationsQuery, Note } from '@natter/protocol';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import type { SupportContext } from '../db/schema.js';
import { notFound } from '../errors.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import type { Publisher } from '../realtime/publisher.js';
import { insertMembers, insertRoom } from '../rooms/room-repository.js';
import { announceNewRoom } from '../rooms/announce-new-room.js';
import { roomsCursor } from '../rooms/rooms-cursor.js';
import { announceConversation } from './announce-conversation.js';
import type { ConversationListener } from './conversation-listener.js';
import { presentConversation } from './conversation-presenter.js';
import type { ConversationView } from './conversation-repository.js';
import {
  findConversation,
  findConversationForAgent,
  findConversationsOfVisitor,
  findInbox,
  findOpenConversationOf,
  insertConversation,
  updateConversation,
} from './conversation-repository.js';
import { presentNote } from './note-presenter.js';
import { findNote, findNotesForAgent, insertNote } from './note-repository.js';
import { findAgentIds, isAgentOf } from './site-repository.js';

/** How many of a visitor's latest conversations are re-announced when their details change. */
const VISITOR_CONVERSATIONS_ANNOUNCED = 10;

const conversationNotFound = () => notFound('conversation not found');

/**
 * Support conversations: a `support` room whose members are the visitor and every agent of the
 * site, plus its `support_conversations` row (status, assignee, where it began). The inbox
 * commands are for the site's agents only; each tells the site's agents (`conversation:updated`,
 * `conversation:note`), never the visitor. Openings, resolutions and assignments are told to the
 * listener too (webhooks).
 */
export class ConversationService {
  constructor(
    private readonly db: Db,
    private readonly publisher: Publisher,
    private readonly rateLimits: RateLimits,
    private readonly listener: ConversationListener,
  ) {}

  /**
   * The visitor's open conversation, opened now if there is none; a new one's members each get
   * `room:new` with their own view. A visitor's sessions may start at once (two tabs): a lock on
   * the visitor makes them take turns, so one conversation is opened, not two.
   */
  async openOrFind(siteId: string, visitorId: string, context: SupportContext): Promise<string> {
    const opened = await this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`visitor:${visitorId}`}))`);
      const open = await findOpenConversationOf(tx, visitorId);
      if (open) return { roomId: open.roomId, memberIds: undefined };
      const memberIds = [visitorId, ...(await findAgentIds(tx, siteId))];
      const room = await insertRoom(tx, {
        type: 'support',
        name: null,
        directKey: null,
        createdBy: visitorId,
      });
      if (!room) throw new Error('support room insert returned nothing');
      await insertMembers(
        tx,
        room.id,
        memberIds.map((userId) => ({ userId, role: 'member' as const })),
        0,
      );
      await insertConversation(tx, {
        roomId: room.id,
        siteId,
        visitorId,
        linkToken: randomBytes(24).toString('base64url'),
        context,
      });
      return { roomId: room.id, memberIds };
    });
    if (opened.memberIds) {
      await announceNewRoom(this.db, this.publisher, opened.roomId, opened.memberIds);
      const row = await findConversation(this.db, opened.roomId);
      if (row) this.listener.conversationChanged('created', presentConversation(row));
    }
    return opened.roomId;
  }

  /** A page of the inbox: conversations of the agent's sites, latest activity first. */
  async list(
    agentId: string,
    query: ConversationsQuery & { limit: number },
  ): Promise<{ conversations: Conversation[]; nextCursor?: string }> {
    const rows = await findInbox(this.db, {
      agentId,
      status: query.status,
      assignee: query.assignee,
      siteId: query.siteId,
      limit: query.limit + 1,
      after: query.cursor === undefined ? undefined : roomsCursor.decode(query.cursor),
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const conversations = page.map(presentConversation);
    if (rows.length <= query.limit || !last) return { conversations };
    return {
      conversations,
      nextCursor: roomsCursor.encode({ lastActivityAt: last.lastActivityAt, id: last.roomId }),
    };
  }

  async get(agentId: string, roomId: string): Promise<Conversation> {
    return presentConversation(await this.conversationFor(agentId, roomId));
  }

  /** Assigns a conversation to an agent of its site (claiming is assigning it to oneself). */
  async assign(agentId: string, roomId: string, assigneeId: string): Promise<Conversation> {
    const before = await this.conversationFor(agentId, roomId);
    if (!(await isAgentOf(this.db, before.siteId, assigneeId))) {
      throw notFound('user is not an agent of this site');
    }
    await updateConversation(this.db, roomId, { assigneeId });
    const conversation = await this.announce(roomId);
    if (before.assigneeId !== assigneeId) {
      this.listener.conversationChanged('assigned', conversation);
    }
    return conversation;
  }

  async setStatus(
    agentId: string,
    roomId: string,
    status: ConversationStatus,
  ): Promise<Conversation> {
    const before = await this.conversationFor(agentId, roomId);
    await updateConversation(this.db, roomId, { status });
    const conversation = await this.announce(roomId);
    if (status === 'resolved' && before.status !== 'resolved') {
      this.listener.conversationChanged('resolved', conversation);
    }
    return conversation;
  }

  /**
   * A private note: stored apart from the room's messages and published to the site's agents by
   * name, so it reaches no visitor by any path. Spends the author's message budget.
   */
  async addNote(agentId: string, roomId: string, content: string): Promise<Note> {
    await this.rateLimits.consume('messagesPerUser', agentId);
    const { siteId } = await this.conversationFor(agentId, roomId);
    const id = crypto.randomUUID();
    await insertNote(this.db, { id, roomId, authorId: agentId, content, createdAt: new Date() });
    const row = await findNote(this.db, id);
    if (!row) throw new Error('note vanished');
    const note = presentNote(row);
    this.publisher.publish('conversation:note', note, {
      users: await findAgentIds(this.db, siteId),
    });
    return note;
  }

  /** A conversation's notes, oldest first; to anyone but its site's agents it does not exist. */
  async notes(agentId: string, roomId: string): Promise<Note[]> {
    await this.conversationFor(agentId, roomId);
    return (await findNotesForAgent(this.db, roomId, agentId)).map(presentNote);
  }

  /**
   * The visitor told their name or email: the site's agents get each of the visitor's recent
   * conversations again (`conversation:updated`), so the inbox shows who it is.
   */
  async announceVisitorChange(visitorId: string): Promise<void> {
    const rows = await findConversationsOfVisitor(
      this.db,
      visitorId,
      VISITOR_CONVERSATIONS_ANNOUNCED,
    );
    const agents = rows[0] ? await findAgentIds(this.db, rows[0].siteId) : [];
    for (const row of rows) {
      this.publisher.publish('conversation:updated', presentConversation(row), { users: agents });
    }
  }

  /** The conversation, if the agent serves its site; to anyone else it does not exist. */
  private async conversationFor(agentId: string, roomId: string): Promise<ConversationView> {
    const row = await findConversationForAgent(this.db, roomId, agentId);
    if (!row) throw conversationNotFound();
    return row;
  }

  /** Tells the site's agents (not the visitor) what changed; answers the new state. */
  private announce(roomId: string): Promise<Conversation> {
    return announceConversation(this.db, this.publisher, roomId);
  }
}
