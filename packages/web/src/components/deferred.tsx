import { Component, lazy, Suspense, useState } from 'react';
import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';

/** Every deferred part's loader, so that they can all be fetched once the first screen is up. */
const preloads = new Set<() => Promise<unknown>>();

/**
 * A component whose code is a chunk of its own, fetched the first time it renders (or earlier,
 * by `preloadDeferred`): what the first screen does not show stays out of the initial JavaScript
 * (docs/performance.md, round two, "Browser"). Until the chunk is there, `fallback` shows in
 * its place; if it cannot be fetched (offline, or a new version deployed meanwhile), a line says so
 * with a Retry button instead of the whole app failing.
 */
export function deferred<P extends object>(
  load: () => Promise<ComponentType<P>>,
  fallback: ReactNode,
): ComponentType<P> {
  let loading: Promise<{ default: ComponentType<P> }> | undefined;
  const preload = () => {
    loading ??= load().then(
      (component) => ({ default: component }),
      (error: unknown) => {
        // Forgotten, so that the next attempt (Retry, or the next preload) fetches again.
        loading = undefined;
        throw new DeferredLoadError({ cause: error });
      },
    );
    return loading;
  };
  preloads.add(preload);
  // React.lazy remembers a failure for good: a retry needs a new lazy component.
  let current = lazy(preload);

  function Deferred(props: P) {
    const [attempt, setAttempt] = useState({ count: 0, component: current });
    const retry = () => {
      current = lazy(preload);
      setAttempt({ count: attempt.count + 1, component: current });
    };
    return (
      <LoadFailure key={attempt.count} onRetry={retry}>
        <Suspense fallback={fallback}>
          <LazyPart component={attempt.component} props={props} />
        </Suspense>
      </LoadFailure>
    );
  }
  return Deferred;
}

/**
 * Fetches every deferred part not fetched yet, so the first click on a dialog does not wait for
 * the network. Failures are left for the part itself to show when it is opened.
 */
export function preloadDeferred(): void {
  for (const preload of preloads) preload().catch(() => undefined);
}

function LazyPart<P extends object>({
  component: Part,
  props,
}: {
  component: LazyExoticComponent<ComponentType<P>>;
  props: P;
}) {
  return <Part {...props} />;
}

/** A deferred part's chunk could not be fetched. */
class DeferredLoadError extends Error {
  constructor(options: { cause: unknown }) {
    super('A part of Natter could not be loaded', options);
  }
}

interface LoadFailureProps {
  onRetry: () => void;
  children: ReactNode;
}

/**
 * Shows a chunk that failed to load, with Retry (a retry remounts it, through its key). Any other
 * error is not this boundary's business: it is thrown on, as if the boundary were not there.
 */
class LoadFailure extends Component<LoadFailureProps, { error: unknown }> {
  override state: { error: unknown } = { error: undefined };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    if (!(error instanceof DeferredLoadError)) throw error;
    return (
      <p className="notice deferred-failure" role="alert">
        This part of Natter could not be loaded. Check the connection.
        <button type="button" className="link" onClick={this.props.onRetry}>
          Retry
        </button>
      </p>
    );
  }
}
