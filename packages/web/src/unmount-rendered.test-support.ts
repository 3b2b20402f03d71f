import { act, cleanup } from '@testing-library/preact';

/**
 * Unmounts what the test rendered, inside `act()`. Testing Library's own `cleanup` unmounts
 * outside it, which leaves Preact's after-paint timer (35 ms) pending; when jsdom is torn down
 * before it fires, it throws "cancelAnimationFrame is not defined" into the run and fails it.
 * Inside `act()` the effects flush at once and no timer is left.
 */
export function unmountRendered(): void {
  act(() => cleanup());
}
