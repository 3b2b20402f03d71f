import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config.js';

const DATABASE_URL = 'postgres://natter@10.0.0.4/natter';

describe('configFromEnv: WORKERS', () => {
  it('runs one process by default', () => {
    expect(configFromEnv({}).workers).toBe(1);
  });

  it('reads a number of workers, or one per core for auto', () => {
    expect(configFromEnv({ DATABASE_URL, WORKERS: '4' }).workers).toBe(4);
    expect(configFromEnv({ DATABASE_URL, WORKERS: 'auto' }).workers).toBe(availableParallelism());
  });

  it.each(['0', '-2', 'all', '1.5', '1000'])('refuses WORKERS=%s, naming it', (value) => {
    expect(() => configFromEnv({ DATABASE_URL, WORKERS: value })).toThrow('WORKERS');
  });

  it.each(['2', 'auto'])('refuses WORKERS=%s on the embedded database', (value) => {
    expect(() => configFromEnv({ WORKERS: value })).toThrow(`WORKERS=${value} needs DATABASE_URL`);
  });

  it('takes WORKERS=1 on the embedded database', () => {
    expect(configFromEnv({ WORKERS: '1' }).workers).toBe(1);
  });
});
