import { randomBytes } from 'node:crypto';
import type { Site, createSiteBodySchema, updateSiteBodySchema } from '@natter/protocol';
import type { z } from 'zod';
import type { Db } from '../db/database.js';
import { forbidden, notFound } from '../errors.js';
import type { Publisher } from '../realtime/publisher.js';
import { findExistingUserIds } from '../rooms/room-repository.js';
import { loadRoomViews } from '../rooms/room-views.js';
import { joinSiteRooms, leaveSiteRooms } from './conversation-repository.js';
import type { AdminExtras } from './site-presenter.js';
import { presentSite } from './site-presenter.js';
import { readableSite } from './site-access.js';
import type { SiteChanges } from './site-repository.js';
import {
  deleteAgent,
  findAgents,
  findSite,
  findSites,
  insertAgent,
  insertSite,
  isAdmin,
  updateSite,
} from './site-repository.js';

const siteNotFound = () => notFound('site not found');

/**
 * Sites and their agents. The admin manages them; an agent may read the sites it serves. Agents
 * are members (`room_members`) of every support room of their sites, so the one membership rule
 * decides what they read and receive: adding an agent joins them to the site's rooms, removing
 * one takes them out, and their sockets leave those channels at once.
 */
export class SiteService {
  constructor(
    private readonly db: Db,
    private readonly publisher: Publisher,
  ) {}

  async create(
    actorId: string,
    body: z.output<typeof createSiteBodySchema>,
    extras: AdminExtras,
  ): Promise<Site> {
    await this.assertAdmin(actorId);
    // The admin who makes a site is its first agent: the owner answers its visitors from the
    // inbox out of the box, and may hand the work to others (or remove themselves) later.
    const row = await this.db.transaction(async (tx) => {
      const site = await insertSite(tx, {
        id: crypto.randomUUID(),
        key: randomBytes(12).toString('base64url'),
        identitySecret: randomBytes(32).toString('hex'),
        ...settingsOf(body),
        name: body.name,
        allowedOrigins: body.allowedOrigins,
      });
      await insertAgent(tx, site.id, actorId);
      return site;
    });
    return presentSite(row, extras);
  }

  async update(
    actorId: string,
    siteId: string,
    body: z.output<typeof updateSiteBodySchema>,
    extras: AdminExtras,
  ): Promise<Site> {
    await this.assertAdmin(actorId);
    const row = await updateSite(this.db, siteId, settingsOf(body));
    if (!row) throw siteNotFound();
    return presentSite(row, extras);
  }

  /** The admin's view of every site, or an agent's view of theirs. */
  async list(actorId: string, extras: AdminExtras): Promise<Site[]> {
    if (await isAdmin(this.db, actorId)) {
      return (await findSites(this.db)).map((row) => presentSite(row, extras));
    }
    return (await findSites(this.db, actorId)).map((row) => presentSite(row));
  }

  async get(actorId: string, siteId: string, extras: AdminExtras): Promise<Site> {
    const { row, admin } = await readableSite(this.db, actorId, siteId);
    return presentSite(row, admin ? extras : undefined);
  }

  async agents(actorId: string, siteId: string) {
    await readableSite(this.db, actorId, siteId);
    return findAgents(this.db, siteId);
  }

  /** Makes a user an agent: a member of each of the site's support rooms, told of each. */
  async addAgent(actorId: string, siteId: string, userId: string): Promise<void> {
    await this.assertAdmin(actorId);
    if (!(await findSite(this.db, siteId))) throw siteNotFound();
    if ((await findExistingUserIds(this.db, [userId])).length === 0) {
      throw notFound('user not found');
    }
    const roomIds = await this.db.transaction(async (tx) =>
      (await insertAgent(tx, siteId, userId)) ? joinSiteRooms(tx, siteId, userId) : [],
    );
    await Promise.all(roomIds.map((roomId) => this.publisher.addUserToRoom(userId, roomId)));
    if (roomIds.length === 0) return;
    for (const { room } of await loadRoomViews(this.db, { userId, roomIds })) {
      this.publisher.publish('room:new', room, { users: [userId] });
    }
  }

  /** Removes an agent: out of every support room of the site, at once (`room:removed`). */
  async removeAgent(actorId: string, siteId: string, userId: string): Promise<void> {
    await this.assertAdmin(actorId);
    const roomIds = await this.db.transaction(async (tx) => {
      if (!(await deleteAgent(tx, siteId, userId))) throw notFound('user is not an agent of it');
      return leaveSiteRooms(tx, siteId, userId);
    });
    await Promise.all(roomIds.map((roomId) => this.publisher.removeUserFromRoom(userId, roomId)));
    for (const roomId of roomIds) {
      this.publisher.publish('room:removed', { roomId }, { users: [userId] });
      this.publisher.publish('room:members', { roomId, removed: [userId] }, { rooms: [roomId] });
    }
  }

  private async assertAdmin(actorId: string): Promise<void> {
    if (!(await isAdmin(this.db, actorId))) throw forbidden('only the admin manages sites');
  }
}

/** Body fields to columns; `null` clears an optional setting, absent leaves it. */
function settingsOf(
  body: z.output<typeof createSiteBodySchema> | z.output<typeof updateSiteBodySchema>,
): SiteChanges {
  const changes: SiteChanges = {};
  if (body.name !== undefined) changes.name = body.name;
  if (body.allowedOrigins !== undefined) changes.allowedOrigins = body.allowedOrigins;
  if (body.greeting !== undefined) changes.greeting = body.greeting;
  if (body.accentColor !== undefined) changes.accentColor = body.accentColor;
  if (body.businessHours !== undefined) changes.businessHours = body.businessHours;
  if (body.expectedReplyMinutes !== undefined) {
    changes.expectedReplyMinutes = body.expectedReplyMinutes;
  }
  if (body.preChat !== undefined) {
    changes.preChatAskName = body.preChat?.askName ?? false;
    changes.preChatAskEmail = body.preChat?.askEmail ?? false;
  }
  if (body.autoAssign !== undefined) changes.autoAssign = body.autoAssign;
  return changes;
}
