/**
 * The web app is written against React's API and runs on Preact (preact/compat): React DOM alone
 * weighed 66.6 KB of the first screen's JavaScript gzipped, Preact with its compat layer ~5 KB
 * (docs/performance.md, round two, "Browser: Preact and a first screen without Zod"). The build
 * (vite.config.ts) and the component tests (the `web` project in vitest.config.ts) resolve React's
 * modules here, so that the tests run the renderer that ships.
 */
export const preactForReact = [
  { find: /^react$/, replacement: 'preact/compat' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/compat/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/compat/jsx-dev-runtime' },
];
