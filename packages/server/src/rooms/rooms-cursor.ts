import { timeIdCursor } from '../util/time-id-cursor.js';
import type { RoomsPageKey } from './room-repository.js';

/** The opaque `cursor` of `GET /api/rooms` (and the inbox): the last room of a page. */
export const roomsCursor = {
  encode(key: RoomsPageKey): string {
    return timeIdCursor.encode({ at: key.lastActivityAt, id: key.id });
  },

  decode(cursor: string): RoomsPageKey {
    const { at, id } = timeIdCursor.decode(cursor);
    return { lastActivityAt: at, id };
  },
};
