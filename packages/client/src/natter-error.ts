import { ERROR_CODES, ERROR_HTTP_STATUS } from '@natter/protocol';
import type { ErrorBody, ErrorCode } from '@natter/protocol';

/**
 * Every failure the SDK reports: the server's catalogue of codes plus the ones only a client can
 * see (its request timed out, the socket dropped, the network or the answer was unusable).
 */
export type NatterErrorCode =
  | ErrorCode
  | 'timeout'
  /** The caller cancelled the request (its AbortSignal fired). */
  | 'aborted'
  | 'disconnected'
  | 'network'
  | 'invalid_response'
  | 'unsupported_protocol_version';

export interface NatterErrorDetails {
  /** The HTTP status, for errors answered over HTTP. */
  status?: number;
  /** With `rate_limited` and `unavailable`: how long to wait before trying again. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** The one error type the SDK throws and stores: callers switch on `code`, never on messages. */
export class NatterError extends Error {
  readonly code: NatterErrorCode;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: NatterErrorCode, message: string, details: NatterErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'NatterError';
    this.code = code;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** A failed ack or an HTTP error body, as the server sent it. */
  static fromBody(body: ErrorBody, status?: number): NatterError {
    return new NatterError(body.code, body.message, { status, retryAfterMs: body.retryAfterMs });
  }

  /** Anything caught, as a NatterError (unknown throwables become `internal`). */
  static from(error: unknown): NatterError {
    if (error instanceof NatterError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new NatterError('internal', message, { cause: error });
  }
}

/** The server's code for an HTTP status, for error answers that carry no readable body. */
export function codeOfStatus(status: number): ErrorCode {
  const code = ERROR_CODES.find((c) => ERROR_HTTP_STATUS[c] === status);
  return code ?? (status >= 500 ? 'internal' : 'bad_request');
}

/**
 * Whether trying the same request again later may succeed without anyone changing it. The server
 * dedupes sends by clientId, so resending after one of these is always safe.
 */
export function isTransient(error: NatterError): boolean {
  return (
    error.code === 'timeout' ||
    error.code === 'disconnected' ||
    error.code === 'network' ||
    error.code === 'internal' ||
    error.code === 'rate_limited' ||
    error.code === 'unavailable'
  );
}
