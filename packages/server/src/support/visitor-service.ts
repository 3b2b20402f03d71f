import { createHmac, timingSafeEqual } from 'node:crypto';
import type {
  Visitor,
  WidgetSessionResponse,
  updateVisitorBodySchema,
  widgetSessionBodySchema,
} from '@natter/protocol';
import type { z } from 'zod';
import type { SessionStore } from '../auth/session-store.js';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { AppError, notFound } from '../errors.js';
import type { PresenceService } from '../presence/presence-service.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import { loadRoomOfUser } from '../rooms/room-views.js';
import { isWithinBusinessHours } from './business-hours.js';
import { conversationLinkPath } from './conversation-link.js';
import { findConversationByLink, findLinkToken } from './conversation-repository.js';
import type { ConversationService } from './conversation-service.js';
import type { SiteRow } from './site-repository.js';
import { findAgentIds, findSite, findSiteByKey } from './site-repository.js';
import type { VisitorRow } from './visitor-repository.js';
import {
  VERIFIED_VISITOR_KEY,
  findVerifiedVisitor,
  findVisitor,
  insertVisitor,
  updateVisitor,
} from './visitor-repository.js';

type WidgetSessionBody = z.output<typeof widgetSessionBodySchema>;
type UpdateVisitorBody = z.output<typeof updateVisitorBodySchema>;

/** Where a widget session request came from, as the route read it. */
export interface WidgetRequestMeta {
  /** The address key (IPv6 by its /64). */
  ip: string;
  /** The browser's Origin, if any. */
  origin: string | undefined;
  /** The server's own origin: the widget's iframe lives there. */
  ownOrigin: string | undefined;
  userAgent: string | undefined;
}

/**
 * Starts or resumes a website visitor (`POST /api/widget/session`): who they are, a session
 * token that acts as them (principal `visitor`), their open conversation, and what the widget
 * shows. A visitor token is a session like a user's (the same store, lifetimes and revocation).
 */
export class VisitorService {
  constructor(
    private readonly db: Db,
    private readonly sessions: SessionStore,
    private readonly conversations: ConversationService,
    private readonly presence: PresenceService,
    private readonly rateLimits: RateLimits,
  ) {}

  async startSession(
    body: WidgetSessionBody,
    meta: WidgetRequestMeta,
  ): Promise<WidgetSessionResponse> {
    await this.rateLimits.consume('widgetSessionsPerIp', meta.ip);
    await this.rateLimits.consume('widgetSessionsPerSite', body.siteKey);
    const site = await findSiteByKey(this.db, body.siteKey);
    if (!site) throw notFound('site not found');
    assertOriginAllowed(site, meta);

    const resumed = body.visitorToken ? await this.resume(site, body.visitorToken) : undefined;
    let visitor = resumed?.visitor;
    if (body.userId !== undefined && body.userHash !== undefined) {
      visitor = await this.verified(site, body.userId, body.userHash, visitor);
    }
    if (visitor) {
      await updateVisitor(this.db, visitor.id, { displayName: body.name, email: body.email });
    } else {
      visitor = await insertVisitor(this.db, {
        siteId: site.id,
        displayName: body.name ?? 'Visitor',
        email: body.email ?? null,
        externalId: null,
      });
    }
    const token =
      resumed && resumed.visitor.id === visitor.id
        ? resumed.token
        : (await this.sessions.create(visitor.id, 'visitor')).token;

    const roomId = await this.conversations.openOrFind(site.id, visitor.id, {
      ...body.context,
      ...(meta.userAgent !== undefined && { userAgent: meta.userAgent.slice(0, 512) }),
      verified: visitor.externalId !== null,
    });
    return this.answer(site, visitor.id, token, roomId);
  }

  /**
   * `POST /api/widget/link-session`: the standalone page (`/c/<link>`) trades the conversation's
   * link, a bearer secret, for a new session of that conversation's visitor. The answer is the
   * widget session's, its room being the linked conversation (resolved or not).
   */
  async startLinkSession(link: string, ip: string): Promise<WidgetSessionResponse> {
    await this.rateLimits.consume('widgetLinkSessionsPerIp', ip);
    const conversation = await findConversationByLink(this.db, link);
    const site = conversation && (await findSite(this.db, conversation.siteId));
    if (!conversation || !site) throw notFound('conversation not found');
    const { token } = await this.sessions.create(conversation.visitorId, 'visitor');
    return this.answer(site, conversation.visitorId, token, conversation.roomId);
  }

  /**
   * `PATCH /api/widget/visitor`: the name or email a visitor gives after the session started (the
   * pre-chat and offline forms). The site's agents get `conversation:updated`.
   */
  async updateProfile(visitorId: string, body: UpdateVisitorBody): Promise<Visitor> {
    await this.rateLimits.consume('visitorUpdatesPerUser', visitorId);
    const visitor = await findVisitor(this.db, visitorId);
    if (!visitor) throw notFound('visitor not found');
    await updateVisitor(this.db, visitorId, { displayName: body.name, email: body.email });
    await this.conversations.announceVisitorChange(visitorId);
    return presentVisitor((await findVisitor(this.db, visitorId)) ?? visitor);
  }

  /** A session's answer: the visitor as they are now, the room, the site, the room's link. */
  private async answer(
    site: SiteRow,
    visitorId: string,
    token: string,
    roomId: string,
  ): Promise<WidgetSessionResponse> {
    const room = await loadRoomOfUser(this.db, visitorId, roomId);
    const visitor = await findVisitor(this.db, visitorId);
    const linkToken = await findLinkToken(this.db, roomId);
    if (!room || !visitor || linkToken === undefined) throw new Error('support room vanished');
    return {
      visitor: presentVisitor(visitor),
      token,
      room,
      site: await this.widgetSite(site),
      link: conversationLinkPath(linkToken),
    };
  }

  /** The visitor a live token of this site names; another site's or a user's token is ignored. */
  private async resume(site: SiteRow, token: string) {
    const session = await this.sessions.resolve(token);
    if (session?.principal !== 'visitor') return undefined;
    const visitor = await findVisitor(this.db, session.userId);
    return visitor?.siteId === site.id ? { visitor, token } : undefined;
  }

  /**
   * The one visitor of this site with the host's `userId`, proven by its HMAC: found, or the
   * current (unverified) visitor linked to it, or a new one. A wrong hash is refused and links
   * nothing.
   */
  private async verified(
    site: SiteRow,
    externalId: string,
    userHash: string,
    current: VisitorRow | undefined,
  ): Promise<VisitorRow> {
    const expected = createHmac('sha256', site.identitySecret).update(externalId).digest();
    const given = Buffer.from(userHash, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AppError('forbidden', 'userHash does not match userId');
    }
    const known = await findVerifiedVisitor(this.db, site.id, externalId);
    if (known) return known;
    try {
      if (current && current.externalId === null) {
        await updateVisitor(this.db, current.id, { externalId });
        return { ...current, externalId };
      }
      return await insertVisitor(this.db, {
        siteId: site.id,
        displayName: 'Visitor',
        email: null,
        externalId,
      });
    } catch (error) {
      // Two devices of one customer arriving at once: the other made (or linked) them first.
      if (!isUniqueViolation(error, VERIFIED_VISITOR_KEY)) throw error;
      const winner = await findVerifiedVisitor(this.db, site.id, externalId);
      if (!winner) throw error;
      return winner;
    }
  }

  /** The widget's settings, and whether someone is there: within hours and an agent online. */
  private async widgetSite(site: SiteRow): Promise<WidgetSessionResponse['site']> {
    const online =
      isWithinBusinessHours(site.businessHours, new Date()) &&
      (await this.presence.anyOnline(await findAgentIds(this.db, site.id)));
    return {
      name: site.name,
      online,
      preChat: { askName: site.preChatAskName, askEmail: site.preChatAskEmail },
      ...(site.greeting !== null && { greeting: site.greeting }),
      ...(site.accentColor !== null && { accentColor: site.accentColor }),
      ...(site.expectedReplyMinutes !== null && {
        expectedReplyMinutes: site.expectedReplyMinutes,
      }),
    };
  }
}

/**
 * A browser may start a session only from one of the site's origins, or from the server's own
 * (the widget's iframe); a request without an Origin is not a browser's cross-site request.
 */
function assertOriginAllowed(site: SiteRow, meta: WidgetRequestMeta): void {
  const { origin } = meta;
  if (origin === undefined || origin === meta.ownOrigin) return;
  if (!site.allowedOrigins.includes(origin)) {
    throw new AppError('forbidden', 'this origin may not embed this site');
  }
}

/** The only way a visitor row becomes a payload. */
function presentVisitor(visitor: VisitorRow): Visitor {
  return {
    id: visitor.id,
    displayName: visitor.displayName,
    verified: visitor.externalId !== null,
    ...(visitor.email !== null && { email: visitor.email }),
  };
}
