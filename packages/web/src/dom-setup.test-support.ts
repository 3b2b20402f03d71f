import { afterEach } from 'vitest';

// Every component test (jsdom) unmounts what it rendered, the same safe way.
if (typeof document !== 'undefined') {
  const { unmountRendered } = await import('./unmount-rendered.test-support.js');
  afterEach(unmountRendered);
}
