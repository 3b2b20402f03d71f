import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { PresenceRegistry } from '../presence/presence-registry.js';
import type { Publisher } from '../realtime/publisher.js';
import { announceConversation } from './announce-conversation.js';
import type { ConversationListener } from './conversation-listener.js';
import {
  assignIfUnassigned,
  findAgentsInTurnOrder,
  findSiteToAutoAssign,
  markAssigned,
} from './round-robin-repository.js';

/**
 * Round-robin auto-assignment: on a conversation's first visitor message, when its site has
 * `autoAssign` on, it goes to the site's online agent whose turn it is (the longest since their
 * last assignment, never-assigned first). With nobody online it stays unassigned.
 *
 * It runs after the visitor's send is acked, for visitors' sends only (only they open support
 * conversations), so no other send waits for it. Two first messages at once assign once: only
 * the visitor's lowest seq qualifies, and the assignment is conditional on nobody being assigned.
 * Assignments of one site take turns under a lock, so two new conversations at once go to two
 * agents.
 */
export class RoundRobinAssigner {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly presence: PresenceRegistry,
    private readonly publisher: Publisher,
    /** Told of each assignment, as the inbox's own (webhooks). */
    private readonly listener: ConversationListener,
    private readonly log: Logger,
  ) {}

  /** A visitor's message was stored: assigns its conversation if due. Never throws (logs). */
  visitorSent(roomId: string, visitorId: string, seq: number): void {
    const work = this.assign(roomId, visitorId, seq)
      .catch((error: unknown) => this.log.error({ err: error, roomId }, 'auto-assignment failed'))
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  /** Resolves once the assignments started so far are done (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  private async assign(roomId: string, visitorId: string, seq: number): Promise<void> {
    const siteId = await findSiteToAutoAssign(this.db, roomId, visitorId, seq);
    if (!siteId) return;
    const assigned = await this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`round-robin:${siteId}`}))`);
      const agents = await findAgentsInTurnOrder(tx, siteId);
      const online = await this.presence.online(agents);
      const next = agents.find((agentId) => online.has(agentId));
      if (!next || !(await assignIfUnassigned(tx, roomId, next))) return false;
      await markAssigned(tx, siteId, next, new Date());
      return true;
    });
    if (!assigned) return;
    const conversation = await announceConversation(this.db, this.publisher, roomId);
    this.listener.conversationChanged('assigned', conversation);
  }
}
