import type { Message, MessagesLoadPayload, MessagesPage } from '@natter/protocol';
import type { ChatEvent } from '../store/actions.js';
import type { Store } from '../store/create-store.js';
import type { ChatState } from '../store/state.js';

export interface ThreadLoaderDeps {
  store: Store<ChatState, ChatEvent>;
  load(payload: MessagesLoadPayload): Promise<MessagesPage>;
  pageSize: number;
}

/**
 * Threads of replies (`messages:load` with `replyTo`): a thread opens on its newest page, pages
 * back on demand, and takes live replies from the store's events while open. The parent comes
 * from the room's loaded messages, else with one `around` load of its own.
 */
export class ThreadLoader {
  private readonly loading = new Map<string, Promise<{ hasMore: boolean }>>();

  constructor(private readonly deps: ThreadLoaderDeps) {}

  async open(roomId: string, parentId: string): Promise<void> {
    const [page, parent] = await Promise.all([
      this.deps.load({ roomId, replyTo: parentId, limit: this.deps.pageSize }),
      this.parentOf(roomId, parentId),
    ]);
    this.deps.store.dispatch({ type: 'thread/opened', roomId, parentId, parent, page });
  }

  /** Loads the page of replies older than the thread's oldest; resolves with whether more remain. */
  loadOlder(parentId: string): Promise<{ hasMore: boolean }> {
    const running = this.loading.get(parentId);
    if (running) return running;
    const promise = this.loadPage(parentId).finally(() => this.loading.delete(parentId));
    this.loading.set(parentId, promise);
    return promise;
  }

  hasOlder(parentId: string): boolean {
    return this.deps.store.getState().threads[parentId]?.hasOlder ?? false;
  }

  close(parentId: string): void {
    this.deps.store.dispatch({ type: 'thread/closed', parentId });
  }

  private async loadPage(parentId: string): Promise<{ hasMore: boolean }> {
    const thread = this.deps.store.getState().threads[parentId];
    if (!thread?.hasOlder || thread.olderCursor === undefined) return { hasMore: false };
    const page = await this.deps.load({
      roomId: thread.roomId,
      replyTo: parentId,
      before: thread.olderCursor,
      limit: this.deps.pageSize,
    });
    this.deps.store.dispatch({ type: 'thread/extended', parentId, page });
    return { hasMore: page.hasMore };
  }

  /** The parent as the store holds it, else loaded on its own (a thread opened from a link). */
  private async parentOf(roomId: string, parentId: string): Promise<Message | undefined> {
    const state = this.deps.store.getState();
    const held = [state.timelines[roomId]?.messages, state.windows[roomId]?.messages]
      .flatMap((messages) => messages ?? [])
      .find((m) => m.id === parentId);
    if (held) return held;
    const page = await this.deps.load({ roomId, around: parentId, limit: 1 });
    return page.messages.find((m) => m.id === parentId);
  }
}
