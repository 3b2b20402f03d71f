import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase } from 'idb';
import type { ClaimedMessage, OutboxStore, SavedMessage } from '@natter/client';

/** A saved message with whose it is: the user, and the tab (client) that owns it. */
interface StoredMessage extends SavedMessage {
  userId: string;
  owner: string;
}

interface OutboxSchema extends DBSchema {
  messages: { key: string; value: StoredMessage; indexes: { byUser: string } };
  /** The bytes of file messages, apart: they are written once, while a message is saved often. */
  files: { key: string; value: { clientId: string; files: Blob[] } };
}

const DB_NAME = 'natter-outbox';
/** Held by each open tab for its whole life; the browser releases it when the tab goes. */
const TAB_LOCK = 'natter-outbox-tab:';
/** Taken while a tab claims, so two tabs opening at once never both take an entry. */
const CLAIM_LOCK = 'natter-outbox-claim:';

/** What a tab tells the others when it saves: it owns messages of this user. */
interface OwnerNote {
  userId: string;
  owner: string;
}

const isOwnerNote = (data: unknown): data is OwnerNote =>
  typeof data === 'object' &&
  data !== null &&
  typeof (data as OwnerNote).userId === 'string' &&
  typeof (data as OwnerNote).owner === 'string';

/** A random id for this tab (crypto.randomUUID needs a secure context; this does not). */
function newTabId(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}

/**
 * The web app's `OutboxStore`: pending messages (and the bytes of their files) in IndexedDB, so
 * they survive a closed or reloaded tab and go out when the app opens again.
 *
 * Several tabs of one user share the database. Each message belongs to the tab that queued (or
 * last claimed) it, and each tab holds a Web Lock named after itself while it lives. A tab that
 * opens claims only messages whose owner holds no lock any more (a closed tab's), under a lock
 * per user, so a live tab's queue is never sent by another tab, and never twice, nor out of
 * order. A tab that is open learns which other tabs own messages (from the database when it
 * claims, and from a BroadcastChannel note each time one saves) and waits for their locks: the
 * browser grants one when its tab goes, and the open tab then claims what that tab left
 * (`watch`). Without Web Locks (a plain-http origin other than localhost) every opening tab claims
 * every message: resends stay safe (the server dedupes by clientId) and in order, but a message
 * discarded in one open tab may still be sent by a tab opened meanwhile.
 */
export interface IndexedDbOutboxStore extends OutboxStore {
  /**
   * Ends this store's life as a tab: what it owns becomes claimable by the next store (the same
   * page signing in again) or another open tab. Writes under way still finish.
   */
  close(): void;
}

export function createIndexedDbOutboxStore(
  locks: LockManager | undefined = globalThis.navigator?.locks,
): IndexedDbOutboxStore {
  const tabId = newTabId();
  let database: Promise<IDBPDatabase<OutboxSchema>> | undefined;
  const db = () => {
    database ??= openDB<OutboxSchema>(DB_NAME, 1, {
      upgrade(upgrading) {
        upgrading
          .createObjectStore('messages', { keyPath: 'clientId' })
          .createIndex('byUser', 'userId');
        upgrading.createObjectStore('files', { keyPath: 'clientId' });
      },
    });
    return database;
  };
  let releaseTab: () => void = () => undefined;
  // Resolves once this tab holds its lock: before that, another tab would take its messages.
  const alive = locks
    ? new Promise<void>((held) => {
        void locks.request(TAB_LOCK + tabId, () => {
          held();
          // Held until `close`, or until the browser ends the tab.
          return new Promise<void>((release) => {
            releaseTab = release;
          });
        });
      })
    : Promise.resolve();

  const listeners = new Map<string, Set<() => void>>();
  /** Tabs whose end this one waits for, to take over their messages. */
  const awaited = new Set<string>();
  const awaitEnd = ({ userId, owner }: OwnerNote) => {
    if (!locks || owner === tabId || awaited.has(owner)) return;
    awaited.add(owner);
    // Only ever asked for a lock its tab holds (it claimed, then saved), so this waits.
    void locks.request(TAB_LOCK + owner, () => {
      awaited.delete(owner);
      for (const listener of listeners.get(userId) ?? []) listener();
    });
  };
  const channel =
    typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(DB_NAME);
  channel?.addEventListener('message', ({ data }: MessageEvent<unknown>) => {
    if (isOwnerNote(data)) awaitEnd(data);
  });

  const liveTabs = async (): Promise<Set<string> | undefined> => {
    if (!locks) return undefined;
    const { held = [] } = await locks.query();
    return new Set(
      held.flatMap(({ name }) => (name?.startsWith(TAB_LOCK) ? [name.slice(TAB_LOCK.length)] : [])),
    );
  };

  const claim = async (userId: string): Promise<ClaimedMessage[]> => {
    const live = await liveTabs();
    const tx = (await db()).transaction(['messages', 'files'], 'readwrite');
    const messages = tx.objectStore('messages');
    const claimed: ClaimedMessage[] = [];
    for (const stored of await messages.index('byUser').getAll(userId)) {
      if (stored.owner === tabId) continue;
      if (live?.has(stored.owner)) {
        awaitEnd(stored);
        continue;
      }
      await messages.put({ ...stored, owner: tabId });
      const files = await tx.objectStore('files').get(stored.clientId);
      // The rest siblings leave out whose it is: the SDK knows only the message.
      const { userId: _user, owner: _owner, ...message } = stored;
      claimed.push(files ? { ...message, files: files.files } : message);
    }
    await tx.done;
    return claimed;
  };

  return {
    async claim(userId) {
      await alive;
      return locks ? locks.request(CLAIM_LOCK + userId, () => claim(userId)) : claim(userId);
    },
    async save(userId, message, files) {
      const tx = (await db()).transaction(['messages', 'files'], 'readwrite');
      await tx.objectStore('messages').put({ ...message, userId, owner: tabId });
      if (files && files.length > 0) {
        await tx.objectStore('files').put({ clientId: message.clientId, files: [...files] });
      }
      await tx.done;
      channel?.postMessage({ userId, owner: tabId } satisfies OwnerNote);
    },
    async remove(_userId, clientId) {
      const tx = (await db()).transaction(['messages', 'files'], 'readwrite');
      await tx.objectStore('messages').delete(clientId);
      await tx.objectStore('files').delete(clientId);
      await tx.done;
    },
    async clear(userId) {
      const tx = (await db()).transaction(['messages', 'files'], 'readwrite');
      const messages = tx.objectStore('messages');
      for (const clientId of await messages.index('byUser').getAllKeys(userId)) {
        await messages.delete(clientId);
        await tx.objectStore('files').delete(clientId);
      }
      await tx.done;
    },
    close() {
      releaseTab();
      channel?.close();
    },
    watch(userId, listener) {
      const forUser = listeners.get(userId) ?? new Set();
      listeners.set(userId, forUser.add(listener));
      return () => forUser.delete(listener);
    },
  };
}
