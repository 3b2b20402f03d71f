import { describe, expect, it } from 'vitest';
import { replyExpectation } from './reply-expectation.js';

describe('replyExpectation', () => {
  it('says minutes, hours or days, singular or plural', () => {
    expect(replyExpectation(1)).toBe('We usually reply within 1 minute.');
    expect(replyExpectation(15)).toBe('We usually reply within 15 minutes.');
    expect(replyExpectation(60)).toBe('We usually reply within 1 hour.');
    expect(replyExpectation(120)).toBe('We usually reply within 2 hours.');
    expect(replyExpectation(3 * 24 * 60)).toBe('We usually reply within 3 days.');
  });

  it('promises only a reply when the site names no time', () => {
    expect(replyExpectation(undefined)).toBe("We'll reply as soon as we're back.");
  });
});
