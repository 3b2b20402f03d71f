import type { CannedResponse, cannedResponseBodySchema } from '@natter/protocol';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { AppError, notFound } from '../errors.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import { presentCannedResponse } from './canned-response-presenter.js';
import {
  CANNED_SHORTCUT_KEY,
  countCannedResponses,
  deleteCannedResponse,
  findCannedResponses,
  insertCannedResponse,
} from './canned-response-repository.js';
import { readableSite } from './site-access.js';

/**
 * The most canned responses one site keeps: far more than a composer's `/` menu can usefully
 * offer, and it bounds what every agent's inbox loads.
 */
export const CANNED_RESPONSES_PER_SITE_MAX = 200;

/**
 * A site's canned responses (`/shortcut` → text in the agents' composer). The site's agents and
 * the admin read and manage them; anyone else is told the site does not exist. Visitors never
 * reach these routes (refused at the door).
 */
export class CannedResponseService {
  constructor(
    private readonly db: Db,
    private readonly rateLimits: RateLimits,
  ) {}

  async list(actorId: string, siteId: string): Promise<CannedResponse[]> {
    await this.rateLimits.consume('cannedReadsPerUser', actorId);
    await readableSite(this.db, actorId, siteId);
    return (await findCannedResponses(this.db, siteId)).map(presentCannedResponse);
  }

  /**
   * Adds one. The count and the insert run under a lock on the site, so concurrent adds cannot
   * pass the cap together; a shortcut the site already has is `conflict`.
   */
  async create(
    actorId: string,
    siteId: string,
    body: z.output<typeof cannedResponseBodySchema>,
  ): Promise<CannedResponse> {
    await this.rateLimits.consume('cannedWritesPerUser', actorId);
    await readableSite(this.db, actorId, siteId);
    try {
      const row = await this.db.transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`canned:${siteId}`}))`);
        if ((await countCannedResponses(tx, siteId)) >= CANNED_RESPONSES_PER_SITE_MAX) {
          throw new AppError(
            'conflict',
            `a site keeps at most ${CANNED_RESPONSES_PER_SITE_MAX} canned responses; delete one first`,
          );
        }
        return insertCannedResponse(tx, { id: crypto.randomUUID(), siteId, ...body });
      });
      return presentCannedResponse(row);
    } catch (error) {
      if (!isUniqueViolation(error, CANNED_SHORTCUT_KEY)) throw error;
      throw new AppError('conflict', `shortcut: /${body.shortcut} is already taken on this site`);
    }
  }

  async delete(actorId: string, siteId: string, responseId: string): Promise<void> {
    await this.rateLimits.consume('cannedWritesPerUser', actorId);
    await readableSite(this.db, actorId, siteId);
    if (!(await deleteCannedResponse(this.db, siteId, responseId))) {
      throw notFound('canned response not found');
    }
  }
}
