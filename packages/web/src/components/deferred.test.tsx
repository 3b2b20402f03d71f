// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/preact';
import { Component } from 'react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { deferred, preloadDeferred } from './deferred.js';

function Greeting({ name }: { name: string }) {
  return <p>Hello {name}</p>;
}

/** What the app's root would see of an error: shown as a log line. */
class OuterBoundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    return this.state.error ? <p role="log">{this.state.error.message}</p> : this.props.children;
  }
}

/** A loader that fails as often as asked (a chunk that cannot be fetched), then succeeds. */
function flakyLoader(failures: number) {
  const attempts = { count: 0 };
  const load = async () => {
    attempts.count += 1;
    if (attempts.count <= failures)
      throw new TypeError('Failed to fetch dynamically imported module');
    return Greeting;
  };
  return { load, attempts };
}

describe('deferred', () => {
  it('shows the fallback, then the component with its props once its chunk is there', async () => {
    const Part = deferred(flakyLoader(0).load, <p role="status">Loading…</p>);
    render(<Part name="Ada" />);
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    expect(await screen.findByText('Hello Ada')).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('says so with Retry when its chunk cannot be fetched, and Retry fetches it again', async () => {
    const { load, attempts } = flakyLoader(1);
    const Part = deferred(load, <p role="status">Loading…</p>);
    render(<Part name="Ada" />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('could not be loaded');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Hello Ada')).toBeTruthy();
    expect(attempts.count).toBe(2);
  });

  it('lets an error of the loaded component itself through, not as a loading failure', async () => {
    function Broken(): never {
      throw new Error('a bug in the part');
    }
    const Part = deferred(async () => Broken, null);
    render(
      <OuterBoundary>
        <Part />
      </OuterBoundary>,
    );
    expect((await screen.findByRole('log')).textContent).toBe('a bug in the part');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('fetches on preload, once, so that rendering later does not fetch again', async () => {
    const { load, attempts } = flakyLoader(0);
    const Part = deferred(load, null);
    preloadDeferred();
    preloadDeferred();
    render(<Part name="Ada" />);
    expect(await screen.findByText('Hello Ada')).toBeTruthy();
    expect(attempts.count).toBe(1);
  });
});
