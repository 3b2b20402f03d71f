import { describe, expect, it } from 'vitest';
import { configFromEnv, DEFAULT_SHUTDOWN_TIMEOUT_MS } from './config.js';

describe('configFromEnv: shutdown', () => {
  it('bounds a graceful shutdown at 10 s by default, or at SHUTDOWN_TIMEOUT_SECONDS', () => {
    expect(configFromEnv({}).shutdownTimeoutMs).toBe(DEFAULT_SHUTDOWN_TIMEOUT_MS);
    expect(DEFAULT_SHUTDOWN_TIMEOUT_MS).toBe(10_000);
    expect(configFromEnv({ SHUTDOWN_TIMEOUT_SECONDS: '2.5' }).shutdownTimeoutMs).toBe(2_500);
  });

  it.each(['0', '-1', 'soon'])('refuses SHUTDOWN_TIMEOUT_SECONDS=%s, naming it', (value) => {
    expect(() => configFromEnv({ SHUTDOWN_TIMEOUT_SECONDS: value })).toThrow(
      'SHUTDOWN_TIMEOUT_SECONDS',
    );
  });
});
