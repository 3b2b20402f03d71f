import { z } from 'zod';
import { LIMITS } from './limits.js';

/** Ids are opaque strings (UUIDs today); bounded so nobody sends a megabyte "id". */
export const idSchema = z.string().min(1).max(64);

export const usernameSchema = z
  .string()
  .regex(/^[a-z0-9_.-]{3,32}$/, 'username must be 3-32 characters of a-z, 0-9, _ . -');

export const passwordSchema = z.string().min(8).max(256);

/**
 * Characters that change how the text around them reads without showing themselves: controls
 * (C0, C1), format characters (the bidi embeddings, overrides and isolates U+202A–202E and
 * U+2066–2069, the zero-width U+200B–200D, U+2060 and U+FEFF, direction marks, soft hyphens…), and
 * line and paragraph separators. A name carrying them can pose as another, or reverse the text
 * shown after it.
 */
const INVISIBLE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** Removes INVISIBLE_CHARACTERS: what names (and the server's file names) are cleaned with. */
export function stripInvisibleCharacters(text: string): string {
  return text.replace(INVISIBLE_CHARACTERS, '');
}

/**
 * A name shown to other people: invisible characters stripped (not refused: they are mostly
 * pasted by accident), then trimmed and bounded, so a name of nothing but them is refused as empty.
 */
const shownNameSchema = (max: number) =>
  z.string().transform(stripInvisibleCharacters).pipe(z.string().trim().min(1).max(max));

export const displayNameSchema = shownNameSchema(LIMITS.displayNameMax);

export const roomNameSchema = shownNameSchema(LIMITS.roomNameMax);

export const isoDateSchema = z.iso.datetime();

/** The largest `seq` (and change number) storage holds: a PostgreSQL `integer`. */
export const SEQ_MAX = 2_147_483_647;

/** A position in a room's history, such as `afterSeq`: beyond SEQ_MAX none can exist. */
export const seqSchema = z.number().int().nonnegative().max(SEQ_MAX);

const NOT_A_CURSOR = 'not a cursor issued by this server';

/**
 * Opaque pagination cursor. Today it is a decimal integer no larger than SEQ_MAX (a larger one
 * was never issued, and would overflow the query); clients must not rely on that.
 */
export const cursorSchema = z
  .string()
  .regex(/^\d{1,10}$/, NOT_A_CURSOR)
  .refine((cursor) => Number(cursor) <= SEQ_MAX, NOT_A_CURSOR);

export const clientIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/, 'clientId may use A-Z a-z 0-9 _ -')
  .min(1)
  .max(LIMITS.clientIdMax);

export const messageContentSchema = z.string().trim().max(LIMITS.messageContentMax);
