import { describe, expect, it } from 'vitest';
import { configFromEnv, resolveSocketLimits } from './config.js';

describe('socket caps in the configuration', () => {
  it('defaults to 32 requests in flight per socket, 20 sockets per user, 16 handshakes at once 512 waiting and 4 MiB held for a client', () => {
    expect(resolveSocketLimits(configFromEnv({}).sockets)).toEqual({
      maxRequestsInFlight: 32,
      maxSocketsPerUser: 20,
      handshakeConcurrency: 16,
      handshakeQueueMax: 512,
      handshakeRetryAfterMs: 2_000,
      sendBufferMaxBytes: 4 * 1024 * 1024,
    });
  });

  it('reads MAX_REQUESTS_IN_FLIGHT, MAX_SOCKETS_PER_USER and the HANDSHAKE_* caps and SOCKET_BUFFER_MAX_BYTES', () => {
    const env = {
      MAX_REQUESTS_IN_FLIGHT: '8',
      MAX_SOCKETS_PER_USER: '3',
      HANDSHAKE_CONCURRENCY: '2',
      HANDSHAKE_QUEUE_MAX: '0',
      HANDSHAKE_RETRY_AFTER_MS: '100',
      SOCKET_BUFFER_MAX_BYTES: '65536',
    };
    expect(resolveSocketLimits(configFromEnv(env).sockets)).toEqual({
      maxRequestsInFlight: 8,
      maxSocketsPerUser: 3,
      handshakeConcurrency: 2,
      handshakeQueueMax: 0,
      handshakeRetryAfterMs: 100,
      sendBufferMaxBytes: 65_536,
    });
  });

  it('refuses a cap that is not a positive integer, naming it', () => {
    expect(() => configFromEnv({ MAX_SOCKETS_PER_USER: '0' })).toThrow(/MAX_SOCKETS_PER_USER/);
    expect(() => configFromEnv({ MAX_REQUESTS_IN_FLIGHT: 'many' })).toThrow(
      /MAX_REQUESTS_IN_FLIGHT/,
    );
  });
});
