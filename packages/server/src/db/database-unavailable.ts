import { NETWORK_ERROR_CODES } from '../net/network-error-codes.js';

/**
 * SQLSTATE classes and codes that say "the database cannot serve now", not "this statement is
 * wrong": class 08 (connection exception), 57P01–57P03 (administrator or crash shutdown, cannot
 * connect now: a restart) and 53300 (too many connections).
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_SQLSTATE_CLASS = '08';

/**
 * node-postgres reports a lost or refused connection, and its own timeouts, with plain errors
 * that carry no code: their messages are all there is to go by (pg 8, pg-pool 3).
 */
const NETWORK_ERROR_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'is not queryable',
];

/**
 * True when an error (or one of its causes: Drizzle wraps the driver's) says the database is
 * unreachable, restarting or shutting down, rather than that it refused the statement. Such a
 * failure is answered `unavailable` (retriable): nothing was stored, or, when the connection was
 * lost during COMMIT, the outcome is unknown and the client's resend with the same clientId
 * settles it (docs/delivery-and-sync.md, "PostgreSQL restarts").
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error; e; e = (e as { cause?: unknown }).cause) {
    if (typeof e !== 'object') break;
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (UNAVAILABLE_SQLSTATES.has(code) || NETWORK_ERROR_CODES.has(code)) return true;
      if (code.length === 5 && code.startsWith(UNAVAILABLE_SQLSTATE_CLASS)) return true;
    }
    if (typeof message === 'string' && NETWORK_ERROR_MESSAGES.some((m) => message.includes(m))) {
      return true;
    }
    // A failed connection attempt can be an AggregateError (one per address tried).
    if (e instanceof AggregateError && e.errors.some(isDatabaseUnavailable)) return true;
  }
  return false;
}
