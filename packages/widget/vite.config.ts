import { defineConfig } from 'vite';

/**
 * The frame app (the iframe's page, and the standalone `/c/<link>` page): Preact, served by the
 * server under `/widget/`. The panel and the SDK are a lazy chunk, loaded when the visitor opens
 * the widget; a returning visitor's unread badge loads only the light one (src/frame/unread), so
 * a page view stays within the budget. The manifest (dist/.vite, not served: the server serves
 * dist/assets) tells scripts/check-budget.js which chunks each case loads.
 */
export default defineConfig({
  base: '/widget/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    manifest: true,
    rollupOptions: { input: 'frame.html' },
  },
});
