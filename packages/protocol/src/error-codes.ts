// The error codes and their HTTP statuses without their schemas (errors.ts): a client's first
// screen reads them without loading Zod (docs/performance.md, round two, "Browser: Preact and a
// first screen without Zod").

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

export type ErrorCode = (typeof ERROR_CODES)[number];

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
