import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AppError, parseInput } from './errors.js';

const schema = z.strictObject({ name: z.string(), tags: z.array(z.string()).optional() });

function refusal(input: unknown): AppError {
  try {
    parseInput(schema, input);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected parseInput to refuse the input');
}

describe('parseInput', () => {
  it('returns the parsed value', () => {
    expect(parseInput(schema, { name: 'a', tags: ['b'] })).toEqual({ name: 'a', tags: ['b'] });
  });

  it('refuses a schema mismatch with a bad_request naming the field', () => {
    const error = refusal({ name: 1 });
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(/^name: /);
  });

  it('refuses a NUL character anywhere, naming its path (PostgreSQL text cannot hold it)', () => {
    expect(refusal({ name: 'a\u0000b' }).message).toMatch(/^name: .*NUL/);
    expect(refusal({ name: 'a', tags: ['ok', '\u0000'] }).message).toMatch(/^tags\.1: .*NUL/);
    expect(() => parseInput(z.string(), '\u0000')).toThrow(/^input: .*NUL/);
  });
});
