import { describe, expect, it } from 'vitest';
import { SocketsByUser } from './sockets-by-user.js';

describe('SocketsByUser', () => {
  it("answers first and last as a user's sockets come and go, one, several, then one again", () => {
    const sockets = new SocketsByUser();
    expect(sockets.add('u', 's1')).toBe(true);
    expect(sockets.add('u', 's1')).toBe(false);
    expect(sockets.count('u')).toBe(1);
    expect(sockets.add('u', 's2')).toBe(false);
    expect(sockets.add('u', 's3')).toBe(false);
    expect(sockets.count('u')).toBe(3);
    expect(sockets.remove('u', 's2')).toBe(false);
    expect(sockets.remove('u', 's2')).toBe(false);
    expect(sockets.remove('u', 's1')).toBe(false);
    expect([sockets.holds('u', 's1'), sockets.holds('u', 's3')]).toEqual([false, true]);
    expect(sockets.counts()).toEqual([['u', 1]]);
    expect(sockets.remove('u', 's3')).toBe(true);
    expect([sockets.has('u'), sockets.count('u'), sockets.counts()]).toEqual([false, 0, []]);
  });

  it("does not let one user's sockets, or an unknown socket, touch another's", () => {
    const sockets = new SocketsByUser();
    sockets.add('u', 's1');
    sockets.add('v', 's2');
    sockets.add('v', 's3');
    expect(sockets.remove('u', 's2')).toBe(false);
    expect(sockets.remove('v', 's1')).toBe(false);
    expect(sockets.remove('w', 's1')).toBe(false);
    expect([sockets.holds('u', 's1'), sockets.holds('v', 's1'), sockets.holds('w', 's1')]).toEqual([
      true,
      false,
      false,
    ]);
    expect(sockets.counts()).toEqual([
      ['u', 1],
      ['v', 2],
    ]);
    sockets.clear();
    expect(sockets.has('u') || sockets.has('v')).toBe(false);
  });
});
