import { z } from 'zod';
import { LIMITS } from './limits.js';

/** Ids are opaque strings (UUIDs today); bounded so nobody sends a megabyte "id". */
export const idSchema = z.string().min(1).max(64);

export const usernameSchema = z
  .string()
  .regex(/^[a-z0-9_.-]{3,32}$/, 'username must be 3-32 characters of a-z, 0-9, _ . -');

export const passwordSchema = z.string().min(8).max(256);

export const displayNameSchema = z.string().trim().min(1).max(LIMITS.displayNameMax);

export const isoDateSchema = z.iso.datetime();

/** Opaque pagination cursor. Today it is a decimal integer; clients must not rely on that. */
export const cursorSchema = z.string().regex(/^\d{1,15}$/, 'not a cursor issued by this server');

export const clientIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/, 'clientId may use A-Z a-z 0-9 _ -')
  .min(1)
  .max(LIMITS.clientIdMax);

export const messageContentSchema = z.string().trim().max(LIMITS.messageContentMax);
