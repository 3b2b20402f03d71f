import { describe, expect, it } from 'vitest';
import { toErrorBody } from '../errors.js';
import { isDatabaseUnavailable } from './database-unavailable.js';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });
/** Drizzle wraps the driver's error in its own, with the original as `cause`. */
const wrapped = (cause: unknown) => new Error('Failed query: insert ...', { cause });

describe('isDatabaseUnavailable', () => {
  it('recognises a refused or cut connection, a shutdown, and the driver timeouts', () => {
    expect(isDatabaseUnavailable(withCode('ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(withCode('57P01')))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(withCode('08006')))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(
      isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED')], 'connect failed')),
    ).toBe(true);
  });

  it('does not take a statement the database refused for a lost connection', () => {
    expect(isDatabaseUnavailable(wrapped(withCode('23505')))).toBe(false);
    expect(isDatabaseUnavailable(wrapped(withCode('40P01')))).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});

describe('toErrorBody', () => {
  it('answers an unreachable database with a retriable unavailable, and the rest internal', () => {
    expect(toErrorBody(wrapped(withCode('57P01')))).toMatchObject({
      code: 'unavailable',
      retryAfterMs: expect.any(Number) as number,
    });
    expect(toErrorBody(new Error('boom'))).toEqual({ code: 'internal', message: 'internal error' });
  });
});
