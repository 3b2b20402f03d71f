import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { SavedMessage } from '@natter/client';
import { createIndexedDbOutboxStore } from './indexeddb-outbox-store.js';

/**
 * The browser's lock manager as far as the store uses it: exclusive locks granted in request
 * order, and `query`. `closeTab` does what the browser does when a tab goes: it releases the
 * tab's lock, granting it to the next in line. (Node 20 has no `navigator.locks`.)
 */
function lockManager() {
  const held = new Set<string>();
  const waiting = new Map<string, (() => void)[]>();
  const acquire = (name: string) =>
    new Promise<void>((granted) => {
      if (held.has(name)) waiting.set(name, [...(waiting.get(name) ?? []), granted]);
      else {
        held.add(name);
        granted();
      }
    });
  const release = (name: string) => {
    const [next, ...rest] = waiting.get(name) ?? [];
    waiting.set(name, rest);
    if (next) next();
    else held.delete(name);
  };
  const locks = {
    async request<T>(name: string, callback: () => T | Promise<T>): Promise<T> {
      await acquire(name);
      try {
        return await callback();
      } finally {
        release(name);
      }
    },
    query: () => Promise.resolve({ held: [...held].map((name) => ({ name })) }),
  };
  const tabs = () => [...held].filter((name) => name.startsWith('natter-outbox-tab:'));
  return { locks: locks as unknown as LockManager, tabs, closeTab: release };
}

let users = 0;
let ids = 0;
const user = () => `user-${++users}`;

function saved(content: string, order: number): SavedMessage {
  return {
    clientId: `c${++ids}`,
    roomId: 'r1',
    type: 'text',
    content,
    createdAt: '2026-11-30T09:00:00.000Z',
    status: 'sending',
    order,
  };
}

describe('createIndexedDbOutboxStore', () => {
  it("keeps messages and their files across tabs, and hands a closed tab's to the next one", async () => {
    const me = user();
    const closed = createIndexedDbOutboxStore();
    expect(await closed.claim(me)).toEqual([]);
    const text = saved('hello', 1);
    const file = { ...saved('', 2), type: 'file' as const, uploads: [] };
    await closed.save(me, text);
    await closed.save(me, file, [new Blob(['bytes'])]);
    // A later save without bytes keeps them.
    await closed.save(me, { ...file, status: 'failed', error: { code: 'network', message: 'x' } });

    const next = createIndexedDbOutboxStore();
    const claimed = await next.claim(me);
    expect(claimed.map((m) => [m.content, m.status])).toEqual([
      ['hello', 'sending'],
      ['', 'failed'],
    ]);
    expect(claimed[0]).toEqual(text);
    expect(await claimed[1]?.files?.[0]?.text()).toBe('bytes');
    expect(await next.claim(user())).toEqual([]);
    // A tab never claims its own: they are in its outbox already.
    expect(await next.claim(me)).toEqual([]);
  });

  it('removes one message, and clears every message of one user only', async () => {
    const [me, other] = [user(), user()];
    const store = createIndexedDbOutboxStore();
    const [one, two] = [saved('one', 1), saved('two', 2)];
    await store.save(me, one);
    await store.save(me, two, [new Blob(['x'])]);
    await store.save(other, saved('theirs', 3));
    await store.remove(me, one.clientId);
    // Another tab reads them (without Web Locks, every other tab may claim them).
    const reader = () => createIndexedDbOutboxStore();
    expect((await reader().claim(me)).map((m) => m.content)).toEqual(['two']);
    await store.clear(me);
    expect(await reader().claim(me)).toEqual([]);
    expect((await reader().claim(other)).map((m) => m.content)).toEqual(['theirs']);
  });

  it("never hands a live tab's messages to another tab; once that tab closes, to one tab only", async () => {
    const me = user();
    const { locks, tabs, closeTab } = lockManager();
    const first = createIndexedDbOutboxStore(locks);
    await first.claim(me);
    await first.save(me, saved('typed in the first tab', 1));
    const [firstTab] = tabs();

    const second = createIndexedDbOutboxStore(locks);
    expect(await second.claim(me)).toEqual([]);

    closeTab(firstTab!);
    const [a, b] = await Promise.all([
      createIndexedDbOutboxStore(locks).claim(me),
      second.claim(me),
    ]);
    expect([...a, ...b].map((m) => m.content)).toEqual(['typed in the first tab']);
  });

  it('hands what a closed store owned to the next store of the same page (signing in again)', async () => {
    const me = user();
    const { locks } = lockManager();
    const first = createIndexedDbOutboxStore(locks);
    await first.claim(me);
    await first.save(me, saved('unsent when the session ended', 1));
    first.close();
    const next = createIndexedDbOutboxStore(locks);
    expect((await next.claim(me)).map((m) => m.content)).toEqual(['unsent when the session ended']);
  });

  it('tells an open tab when a tab that owns messages closes, whether it opened before or after it', async () => {
    const me = user();
    const { locks, tabs, closeTab } = lockManager();
    const earlier = createIndexedDbOutboxStore(locks);
    await earlier.claim(me);
    let earlierHeard = 0;
    earlier.watch!(me, () => earlierHeard++);

    const closing = createIndexedDbOutboxStore(locks);
    await closing.claim(me);
    const closingTab = tabs().at(-1)!;
    await closing.save(me, saved('left behind', 1));

    const later = createIndexedDbOutboxStore(locks);
    await later.claim(me);
    let laterHeard = 0;
    later.watch!(me, () => laterHeard++);

    // `earlier` learns of the owner from the save's note, `later` from the database.
    closeTab(closingTab);
    await vi.waitFor(() => expect([earlierHeard, laterHeard]).toEqual([1, 1]));
    const [a, b] = await Promise.all([earlier.claim(me), later.claim(me)]);
    expect([...a, ...b].map((m) => m.content)).toEqual(['left behind']);
  });
});
