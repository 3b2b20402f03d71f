import { z } from 'zod';

/**
 * The one catalogue of error codes. Every HTTP error body and every failed ack
 * carries one of these; docs/errors.md explains each.
 */
export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'internal',
  // ➕ Extension (#12): the server cannot serve this now (its database is unreachable or
  // restarting, or it is busy with handshakes); nothing was done, the same request may be sent
  // again after `retryAfterMs`.
  'unavailable',
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** The HTTP status each code is answered with. */
export const ERROR_HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

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
