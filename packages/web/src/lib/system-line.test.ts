import { describe, expect, it } from 'vitest';
import { systemLine } from './system-line.js';

const names: Record<string, string> = { alice: 'Alice', dave: 'Dave' };
const nameOf = (id: string) => names[id];

describe('systemLine', () => {
  it('names me "you", capitalised at the start of the sentence', () => {
    const added = {
      content: 'Me added Dave',
      event: { kind: 'member_added', actorId: 'me', targetId: 'dave' } as const,
    };
    expect(systemLine(added, 'me', nameOf)).toBe('You added Dave');
    const removed = {
      content: 'Alice removed Me',
      event: { kind: 'member_removed', actorId: 'alice', targetId: 'me' } as const,
    };
    expect(systemLine(removed, 'me', nameOf)).toBe('Alice removed you');
  });

  it("uses people's current names, and the server's text while one is unknown", () => {
    const left = { content: 'Dave left', event: { kind: 'member_left', actorId: 'dave' } as const };
    expect(systemLine(left, 'me', (id) => (id === 'dave' ? 'David' : undefined))).toBe(
      'David left',
    );
    expect(systemLine(left, 'me', () => undefined)).toBe('Dave left');
    expect(systemLine({ content: 'Something happened' }, 'me', nameOf)).toBe('Something happened');
  });
});
