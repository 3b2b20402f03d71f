import { badRequest } from '../errors.js';

/** A row's place in a list ordered by a time, then id: where the next page starts. */
export interface TimeIdKey {
  at: Date;
  id: string;
}

/**
 * The opaque `cursor` of a keyset-paged list: the last row of a page, as its time (ms) and id,
 * base64url-encoded so clients treat it as a token rather than parse it.
 */
export const timeIdCursor = {
  encode(key: TimeIdKey): string {
    return Buffer.from(`${key.at.getTime()}.${key.id}`).toString('base64url');
  },

  decode(cursor: string): TimeIdKey {
    const [ms, id] = Buffer.from(cursor, 'base64url')
      .toString()
      .split(/\.(.*)/s);
    const time = Number(ms);
    if (!id || !Number.isSafeInteger(time)) throw badRequest('cursor: not a cursor of this list');
    return { at: new Date(time), id };
  },
};
