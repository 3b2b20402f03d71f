import { z } from 'zod';
import { ERROR_CODES } from './error-codes.js';

export const errorCodeSchema = z.enum(ERROR_CODES);

export const errorBodySchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  /** With `rate_limited` and `unavailable`: how long to wait before trying again. */
  retryAfterMs: z.number().int().nonnegative().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** The body of every 4xx/5xx HTTP answer. */
export const httpErrorSchema = z.object({ error: errorBodySchema });
export type HttpError = z.infer<typeof httpErrorSchema>;
