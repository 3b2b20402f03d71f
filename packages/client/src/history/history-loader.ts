import type { MessagesLoadPayload, MessagesPage } from '@natter/protocol';
import type { ChatEvent } from '../store/actions.js';
import type { Store } from '../store/create-store.js';
import type { ChatState } from '../store/state.js';

export interface HistoryLoaderDeps {
  store: Store<ChatState, ChatEvent>;
  load(payload: MessagesLoadPayload): Promise<MessagesPage>;
  pageSize: number;
}

/**
 * Loads a room's history page by page, newest first, with the server's opaque cursor. Calls made
 * while a page is on its way share it, so a scroll handler may call freely.
 */
export class HistoryLoader {
  private readonly loading = new Map<string, Promise<{ hasMore: boolean }>>();

  constructor(private readonly deps: HistoryLoaderDeps) {}

  /**
   * Loads the next older page of a room (the newest page the first time) into the store.
   * Resolves with whether older messages remain.
   */
  loadOlder(roomId: string): Promise<{ hasMore: boolean }> {
    const running = this.loading.get(roomId);
    if (running) return running;
    const promise = this.loadPage(roomId).finally(() => this.loading.delete(roomId));
    this.loading.set(roomId, promise);
    return promise;
  }

  /** Whether a room may have messages older than those loaded. */
  hasOlder(roomId: string): boolean {
    const timeline = this.deps.store.getState().timelines[roomId];
    return !timeline?.historyLoaded || timeline.hasOlder;
  }

  private async loadPage(roomId: string): Promise<{ hasMore: boolean }> {
    const timeline = this.deps.store.getState().timelines[roomId];
    const before = timeline?.historyLoaded ? timeline.olderCursor : undefined;
    if (timeline?.historyLoaded && (!timeline.hasOlder || before === undefined)) {
      return { hasMore: false };
    }
    const payload: MessagesLoadPayload = { roomId, limit: this.deps.pageSize };
    if (before !== undefined) payload.before = before;
    const page = await this.deps.load(payload);
    this.deps.store.dispatch({ type: 'history/loaded', roomId, page, before });
    return { hasMore: page.hasMore };
  }
}
