import { badRequest } from '../errors.js';
import type { RoomsPageKey } from './room-repository.js';

/**
 * The opaque `cursor` of `GET /api/rooms`: the last room of a page, as its activity time (ms)
 * and id, base64url-encoded so clients treat it as a token rather than parse it.
 */
export const roomsCursor = {
  encode(key: RoomsPageKey): string {
    return Buffer.from(`${key.lastActivityAt.getTime()}.${key.id}`).toString('base64url');
  },

  decode(cursor: string): RoomsPageKey {
    const [ms, id] = Buffer.from(cursor, 'base64url')
      .toString()
      .split(/\.(.*)/s);
    const time = Number(ms);
    if (!id || !Number.isSafeInteger(time)) throw badRequest('cursor: not a cursor of this list');
    return { lastActivityAt: new Date(time), id };
  },
};
