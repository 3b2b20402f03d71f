import { describe, expect, it } from 'vitest';
import { systemEventText } from './system-event-text.js';

const names: Record<string, string> = { a: 'Alice', d: 'Dave' };
const nameOf = (id: string) => names[id] ?? 'someone';

describe('systemEventText', () => {
  it('says who did what to whom', () => {
    expect(systemEventText({ kind: 'member_added', actorId: 'a', targetId: 'd' }, nameOf)).toBe(
      'Alice added Dave',
    );
    expect(systemEventText({ kind: 'member_removed', actorId: 'a', targetId: 'd' }, nameOf)).toBe(
      'Alice removed Dave',
    );
    expect(systemEventText({ kind: 'member_left', actorId: 'd' }, nameOf)).toBe('Dave left');
  });

  it('quotes the new name of a renamed group, and names a new colour', () => {
    expect(systemEventText({ kind: 'renamed', actorId: 'a', name: 'Trip' }, nameOf)).toBe(
      'Alice renamed the group to “Trip”',
    );
    expect(systemEventText({ kind: 'recoloured', actorId: 'a', color: 'teal' }, nameOf)).toBe(
      'Alice changed the group colour to teal',
    );
  });
});
