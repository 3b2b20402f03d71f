/** What UIs read: the current state, and a way to hear that it changed. */
export interface ReadableStore<S> {
  getState(): S;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export interface Store<S, E> extends ReadableStore<S> {
  dispatch(event: E): void;
}

/**
 * A minimal external store for a pure reducer, shaped for React's `useSyncExternalStore`:
 * listeners run only when the state object changes, and a listener added or removed during a
 * notification does not disturb the others.
 */
export function createStore<S, E>(reducer: (state: S, event: E) => S, initial: S): Store<S, E> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    dispatch(event) {
      const next = reducer(state, event);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
  };
}
