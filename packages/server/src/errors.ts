import type { ErrorBody, ErrorCode } from '@natter/protocol';
import type { z } from 'zod';

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

/** Validates untrusted input, turning schema failures into a `bad_request` that names each problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw badRequest(describeIssues(result.error));
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
 * The wire form of any error. Unknown errors become a bare `internal`: stack traces and
 * driver messages never reach a client.
 */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof AppError) {
    return error.retryAfterMs === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, retryAfterMs: error.retryAfterMs };
  }
  return { code: 'internal', message: 'internal error' };
}
