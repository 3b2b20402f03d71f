import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config.js';

/** Redis joins nodes that share one PostgreSQL: every Redis setting comes with a DATABASE_URL. */
const DATABASE_URL = 'postgres://natter@10.0.0.4/natter';

describe('configFromEnv: Redis', () => {
  it('has no Redis by default: every node keeps its counts in memory', () => {
    expect(configFromEnv({}).redis).toBeUndefined();
  });

  it('reads REDIS_URL with the default key prefix and adapter, or the ones given', () => {
    expect(configFromEnv({ DATABASE_URL, REDIS_URL: 'redis://10.0.0.5:6379/2' }).redis).toEqual({
      url: 'redis://10.0.0.5:6379/2',
      keyPrefix: 'natter:',
      adapter: 'pubsub',
    });
    expect(
      configFromEnv({
        DATABASE_URL,
        REDIS_URL: 'rediss://user:secret@cache.example:6380',
        REDIS_KEY_PREFIX: 'eu:',
        REDIS_ADAPTER: 'streams',
      }).redis,
    ).toEqual({
      url: 'rediss://user:secret@cache.example:6380',
      keyPrefix: 'eu:',
      adapter: 'streams',
    });
  });

  it.each([
    ['REDIS_URL', 'localhost:6379'],
    ['REDIS_URL', 'http://10.0.0.5:6379'],
    ['REDIS_KEY_PREFIX', ''],
    ['REDIS_ADAPTER', 'kafka'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() =>
      configFromEnv({ DATABASE_URL, REDIS_URL: 'redis://10.0.0.5', [name]: value }),
    ).toThrow(name);
  });

  it('refuses REDIS_URL without DATABASE_URL: several nodes cannot share the embedded database', () => {
    expect(() => configFromEnv({ REDIS_URL: 'redis://10.0.0.5:6379' })).toThrow(
      'REDIS_URL needs DATABASE_URL',
    );
  });
});
