import { defineConfig } from 'vite';

/**
 * `/widget.js`, the loader the host page runs: one small classic script (an IIFE, so
 * `document.currentScript` works and nothing leaks into the host's globals but `window.Natter`).
 * Built first; it empties dist/, the frame build adds to it.
 */
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    lib: {
      entry: 'src/loader/widget-loader.ts',
      formats: ['iife'],
      name: 'NatterLoader',
      fileName: () => 'widget.js',
    },
  },
});
