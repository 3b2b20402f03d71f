import { describe, expect, it } from 'vitest';
import { initials } from './initials.js';

describe('initials', () => {
  it('takes the first and last word', () => expect(initials('Ada King Lovelace')).toBe('AL'));
  it('takes two letters of a single word', () => expect(initials('bob')).toBe('BO'));
  it('never returns nothing', () => expect(initials('  ')).toBe('?'));
});
