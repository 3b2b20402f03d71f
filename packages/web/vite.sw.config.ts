import { defineConfig } from 'vite';

/**
 * `/sw.js`, the service worker: one classic script (an IIFE: every browser runs those as a
 * worker, module workers are not everywhere yet) at the site's root, so its scope covers the app
 * and the `/c/<link>` pages. Built after the app, into the same dist/; the server serves it
 * revalidated (`no-cache`), never immutable, so a new version reaches browsers at once.
 */
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: true,
    lib: {
      entry: 'src/sw/sw.ts',
      formats: ['iife'],
      name: 'NatterServiceWorker',
      fileName: () => 'sw.js',
    },
  },
});
