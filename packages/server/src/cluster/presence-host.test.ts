import { describe, expect, it } from 'vitest';
import { PresenceHost } from './presence-host.js';

describe('PresenceHost: presence for every worker, held by the primary', () => {
  it('answers first and last device across workers', () => {
    const host = new PresenceHost();
    expect(host.connect(1, 'ann', 's1')).toBe(true);
    expect(host.connect(2, 'ann', 's2')).toBe(false);
    expect(host.disconnect(1, 'ann', 's1')).toBe(false);
    expect(host.online(['ann', 'bob'])).toEqual(['ann']);
    expect(host.disconnect(2, 'ann', 's2')).toBe(true);
    expect(host.online(['ann'])).toEqual([]);
  });

  it('ignores a disconnect of a socket the worker does not hold', () => {
    const host = new PresenceHost();
    host.connect(1, 'ann', 's1');
    expect(host.disconnect(2, 'ann', 's1')).toBe(false);
    expect(host.disconnect(1, 'ann', 'never-counted')).toBe(false);
    expect(host.online(['ann'])).toEqual(['ann']);
  });

  it("reports a removed worker's users who have no socket left elsewhere", () => {
    const host = new PresenceHost();
    host.connect(1, 'ann', 'a1');
    host.connect(1, 'ann', 'a2');
    host.connect(1, 'bob', 'b1');
    host.connect(2, 'bob', 'b2');
    host.connect(2, 'cy', 'c1');
    expect(host.removeWorker(1)).toEqual(['ann']);
    expect(host.online(['ann', 'bob', 'cy'])).toEqual(['bob', 'cy']);
    expect(host.removeWorker(1)).toEqual([]);
    // bob's last socket now is on worker 2: removing it takes him offline.
    expect(host.disconnect(2, 'bob', 'b2')).toBe(true);
  });

  it('forgets a user on a worker once their last socket there leaves', () => {
    const host = new PresenceHost();
    host.connect(1, 'ann', 'a1');
    host.connect(2, 'ann', 'a2');
    host.disconnect(1, 'ann', 'a1');
    // Worker 1 holds nothing of ann any more: its death leaves her online.
    expect(host.removeWorker(1)).toEqual([]);
    expect(host.online(['ann'])).toEqual(['ann']);
  });
});
