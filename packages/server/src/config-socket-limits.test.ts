import { describe, expect, it } from 'vitest';
import { configFromEnv, resolveSocketLimits } from './config.js';

describe('socket caps in the configuration', () => {
  it('defaults to 32 requests in flight per socket and 20 sockets per user', () => {
    expect(resolveSocketLimits(configFromEnv({}).sockets)).toEqual({
      maxRequestsInFlight: 32,
      maxSocketsPerUser: 20,
    });
  });

  it('reads MAX_REQUESTS_IN_FLIGHT and MAX_SOCKETS_PER_USER', () => {
    const env = { MAX_REQUESTS_IN_FLIGHT: '8', MAX_SOCKETS_PER_USER: '3' };
    expect(resolveSocketLimits(configFromEnv(env).sockets)).toEqual({
      maxRequestsInFlight: 8,
      maxSocketsPerUser: 3,
    });
  });

  it('refuses a cap that is not a positive integer, naming it', () => {
    expect(() => configFromEnv({ MAX_SOCKETS_PER_USER: '0' })).toThrow(/MAX_SOCKETS_PER_USER/);
    expect(() => configFromEnv({ MAX_REQUESTS_IN_FLIGHT: 'many' })).toThrow(
      /MAX_REQUESTS_IN_FLIGHT/,
    );
  });
});
