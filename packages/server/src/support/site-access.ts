import type { Executor } from '../db/database.js';
import { notFound } from '../errors.js';
import type { SiteRow } from './site-repository.js';
import { findSite, isAdmin, isAgentOf } from './site-repository.js';

/**
 * The site, if `actorId` may read it (an agent of it, or the admin), and whether they are the
 * admin. Anyone else learns nothing of it: `not_found`, exactly as for a site that does not exist.
 */
export async function readableSite(
  db: Executor,
  actorId: string,
  siteId: string,
): Promise<{ row: SiteRow; admin: boolean }> {
  const [row, admin] = await Promise.all([findSite(db, siteId), isAdmin(db, actorId)]);
  if (!row || (!admin && !(await isAgentOf(db, siteId, actorId)))) {
    throw notFound('site not found');
  }
  return { row, admin };
}
