import type { ClaimedMessage, OutboxStore, SavedMessage } from './outbox-store.js';

interface Entry {
  message: SavedMessage;
  files: Blob[] | undefined;
}

/**
 * The default `OutboxStore`: in memory, so it lasts as long as the object does. Give one to a
 * client that replaces another in the same process (tests, a Node bot that reconnects with a new
 * client) to carry its outbox over; it has no owners, so share it only between clients that do
 * not run at the same time.
 */
export function createMemoryOutboxStore(): OutboxStore {
  const users = new Map<string, Map<string, Entry>>();
  const of = (userId: string) => {
    let entries = users.get(userId);
    if (!entries) {
      entries = new Map();
      users.set(userId, entries);
    }
    return entries;
  };
  return {
    claim(userId) {
      const claimed = [...of(userId).values()].map(({ message, files }): ClaimedMessage => {
        const copy: ClaimedMessage = structuredClone(message);
        if (files) copy.files = [...files];
        return copy;
      });
      return Promise.resolve(claimed);
    },
    save(userId, message, files) {
      const entries = of(userId);
      const stored = files ? [...files] : entries.get(message.clientId)?.files;
      entries.set(message.clientId, { message: structuredClone(message), files: stored });
      return Promise.resolve();
    },
    remove(userId, clientId) {
      of(userId).delete(clientId);
      return Promise.resolve();
    },
    clear(userId) {
      users.delete(userId);
      return Promise.resolve();
    },
  };
}
