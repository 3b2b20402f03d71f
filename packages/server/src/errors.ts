import type { ErrorBody, ErrorCode } from '@natter/protocol';
import type { z } from 'zod';
import { isDatabaseUnavailable } from './db/database-unavailable.js';

/** An error meant for the client: its code and message go on the wire as they are. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string) => new AppError('bad_request', message);
export const forbidden = (message = 'you are not a member of this room') =>
  new AppError('forbidden', message);
export const notFound = (message: string) => new AppError('not_found', message);

/**
 * How long a client is told to wait when the database cannot be reached: about what a
 * PostgreSQL restart or failover takes to accept connections again. The SDK adds jitter.
 */
export const DATABASE_RETRY_AFTER_MS = 1_000;

/** Validates untrusted input, turning schema failures into a `bad_request` that names each problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw badRequest(describeIssues(result.error));
  // The input as sent: a transform (names drop control characters) must not turn a refusal into
  // a silent edit.
  const nulAt = findNulCharacter(input, []);
  if (nulAt !== undefined) {
    throw badRequest(`${nulAt || 'input'}: must not contain the NUL character (U+0000)`);
  }
  return result.data;
}

/**
 * PostgreSQL text cannot hold U+0000, so a string with one would fail in the database and reach
 * the client as a 500. Every input passes through here: the path of the first such string, if any.
 */
function findNulCharacter(value: unknown, path: readonly (string | number)[]): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
  for (const [key, item] of entries) {
    const found = findNulCharacter(item, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/**
 * The wire form of any error. A database that cannot be reached becomes a retriable
 * `unavailable` (nothing was done, or a resend settles it: see `isDatabaseUnavailable`); other
 * unknown errors become a bare `internal`: stack traces and driver messages never reach a client.
 */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof AppError) {
    return error.retryAfterMs === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, retryAfterMs: error.retryAfterMs };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      code: 'unavailable',
      message: 'the database is unavailable; try again shortly',
      retryAfterMs: DATABASE_RETRY_AFTER_MS,
    };
  }
  return { code: 'internal', message: 'internal error' };
}
