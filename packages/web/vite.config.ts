import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { preactForReact } from './preact-for-react.js';

/** Where `npm run dev` forwards the API and sockets: a Natter server started separately. */
const target = process.env.NATTER_SERVER_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  // Every `zod` import gets Zod configured for the page's CSP first (see the module).
  resolve: {
    alias: [
      ...preactForReact,
      {
        find: /^zod$/,
        replacement: fileURLToPath(new URL('./src/zod-without-eval.ts', import.meta.url)),
      },
    ],
  },
  server: {
    port: 5173,
    // Same-origin in development too, so the httpOnly session cookie just works. `changeOrigin`
    // rewrites Host to the server's, which its origin check compares with Origin.
    proxy: {
      '/api': { target, changeOrigin: true },
      '/socket.io': { target, changeOrigin: true, ws: true },
    },
  },
  // The manifest (dist/.vite, not served) tells scripts/check-budget.js which files the SDK's
  // schemas chunk needs.
  build: { sourcemap: true, manifest: true },
});
