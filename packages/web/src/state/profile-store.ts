import type { User } from '@natter/protocol';
import { webApi } from './session-api.js';

/**
 * Display names and avatars of the people in one's rooms. Rooms carry only participant ids, so
 * profiles are fetched in batches (`GET /api/users?ids=`) the first time an id is seen, and kept
 * for the session. Subscribable like the SDK's store, for `useSyncExternalStore`.
 */
export class ProfileStore {
  private profiles: Readonly<Record<string, User>> = {};
  private readonly requested = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private queued = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `loadUsers` fetches profiles by id: the SDK's REST API in cookie mode unless told otherwise. */
  constructor(
    private readonly loadUsers: (ids: readonly string[]) => Promise<readonly User[]> = (ids) =>
      webApi().usersByIds(ids),
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): Readonly<Record<string, User>> => this.profiles;

  /** Adds profiles already at hand (search results, the signed-in user). */
  put(users: readonly User[]): void {
    if (users.length === 0) return;
    const next = { ...this.profiles };
    for (const user of users) {
      next[user.id] = user;
      this.requested.add(user.id);
    }
    this.profiles = next;
    this.listeners.forEach((l) => l());
  }

  /** Asks for profiles not known yet; ids seen in one tick go out in one request. */
  want(ids: readonly string[]): void {
    for (const id of ids) if (!this.requested.has(id)) this.queued.add(id);
    if (this.queued.size === 0 || this.timer) return;
    this.timer = setTimeout(() => void this.flush(), 0);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const ids = [...this.queued].slice(0, 200);
    ids.forEach((id) => {
      this.queued.delete(id);
      this.requested.add(id);
    });
    if (this.queued.size > 0) this.timer = setTimeout(() => void this.flush(), 0);
    try {
      this.put(await this.loadUsers(ids));
    } catch {
      // Ask again the next time these ids are wanted (e.g. after a reconnect re-renders the list).
      ids.forEach((id) => this.requested.delete(id));
    }
  }
}
