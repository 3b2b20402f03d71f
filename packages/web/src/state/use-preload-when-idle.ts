import { useEffect } from 'react';
import { preloadDeferred } from '../components/deferred.js';

/**
 * Once `ready` (the first screen is up), fetches the deferred parts' chunks when the browser is
 * idle: they stay out of the first load, yet the first click on a dialog does not wait for them.
 */
export function usePreloadWhenIdle(ready: boolean): void {
  useEffect(() => {
    if (!ready) return;
    // Safari has no requestIdleCallback: a short delay after the first screen does the same job.
    if (typeof window.requestIdleCallback !== 'function') {
      const timer = window.setTimeout(preloadDeferred, 1_000);
      return () => window.clearTimeout(timer);
    }
    const idle = window.requestIdleCallback(preloadDeferred, { timeout: 5_000 });
    return () => window.cancelIdleCallback(idle);
  }, [ready]);
}
