import { defineConfig } from 'vite';

/**
 * The frame app (the iframe's page, and the standalone `/c/<link>` page): Preact, served by the
 * server under `/widget/`. The panel and the SDK are a lazy chunk, loaded when the visitor opens
 * the widget (or at start for a returning visitor), so a page view stays within the budget
 * (scripts/check-budget.js).
 */
export default defineConfig({
  base: '/widget/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    rollupOptions: { input: 'frame.html' },
  },
});
