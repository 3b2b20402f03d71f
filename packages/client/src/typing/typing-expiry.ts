import type { ChatEvent } from '../store/actions.js';
import type { Store } from '../store/create-store.js';
import type { ChatState } from '../store/state.js';

/**
 * Keeps one timer armed for the earliest typing indicator to lapse, and prunes it then: the
 * reducer stays pure (it is told the time), and a UI re-renders when an indicator ends by itself.
 * Returns the function that stops watching.
 */
export function watchTypingExpiry(
  store: Store<ChatState, ChatEvent>,
  now: () => number = Date.now,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let armedFor = Infinity;
  let lastTyping: ChatState['typing'] | undefined;

  const arm = () => {
    const { typing } = store.getState();
    if (typing === lastTyping) return;
    lastTyping = typing;
    let earliest = Infinity;
    for (const users of Object.values(typing)) {
      for (const until of Object.values(users)) earliest = Math.min(earliest, until);
    }
    if (earliest === armedFor) return;
    clearTimeout(timer);
    timer = undefined;
    armedFor = earliest;
    if (earliest === Infinity) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        armedFor = Infinity;
        store.dispatch({ type: 'typing/expired', now: now() });
        // If the timer fired a hair early nothing changed and no listener ran: re-arm anyway.
        lastTyping = undefined;
        arm();
      },
      Math.max(0, earliest - now()),
    );
  };

  const unsubscribe = store.subscribe(arm);
  return () => {
    unsubscribe();
    clearTimeout(timer);
  };
}
