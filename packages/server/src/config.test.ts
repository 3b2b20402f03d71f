import { describe, expect, it } from 'vitest';
import { configFromEnv, resolveSessionConfig } from './config.js';

const DAY_MS = 24 * 3_600_000;

describe('configFromEnv: sessions, proxies and the public URL', () => {
  it('defaults: no public URL, proxies not trusted, sessions of 14 idle / 30 days', () => {
    const config = configFromEnv({});
    expect(config.publicUrl).toBeUndefined();
    expect(config.trustProxy).toBe(false);
    expect(resolveSessionConfig(config.sessions)).toMatchObject({
      idleMs: 14 * DAY_MS,
      maxMs: 30 * DAY_MS,
    });
  });

  it('reads PUBLIC_URL as an origin, TRUST_PROXY as a flag or hop count, lifetimes in days', () => {
    const config = configFromEnv({
      PUBLIC_URL: 'https://Chat.Example/',
      TRUST_PROXY: '2',
      SESSION_IDLE_DAYS: '1',
      SESSION_MAX_DAYS: '7',
    });
    expect(config.publicUrl).toBe('https://chat.example');
    expect(config.trustProxy).toBe(2);
    expect(config.sessions).toEqual({ idleMs: DAY_MS, maxMs: 7 * DAY_MS });
    expect(configFromEnv({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it.each([
    ['PUBLIC_URL', 'chat.example'],
    ['PUBLIC_URL', 'ftp://chat.example'],
    ['PUBLIC_URL', 'https://chat.example/app'],
    ['TRUST_PROXY', 'yes'],
    ['SESSION_IDLE_DAYS', '0'],
    ['SECURE_COOKIES', 'true'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => configFromEnv({ [name]: value })).toThrow(name);
  });

  it('bumps last_used_at at most every 5 minutes, more often only for short idle lifetimes', () => {
    expect(resolveSessionConfig({}).touchIntervalMs).toBe(5 * 60_000);
    expect(resolveSessionConfig({ idleMs: 10 * 60_000 }).touchIntervalMs).toBe(60_000);
  });
});
