import { defineConfig } from 'vitest/config';

/**
 * Tests import workspace packages from their TypeScript sources (the `source` export condition),
 * so `npm test` needs no build first. Tests run in Vite's SSR environment, which takes its
 * conditions from `ssr.resolve` (here: `source` before Vite's server defaults); without it they
 * would silently import a stale `dist` build.
 */
const resolve = { conditions: ['source', 'import', 'module', 'node', 'default'] };
const ssr = { resolve: { conditions: ['source', 'module', 'node', 'development|production'] } };

/** The server's integration suite runs twice: on embedded PGlite and on a real PostgreSQL. */
const integration = (driver: 'pglite' | 'postgres') => ({
  resolve,
  ssr,
  test: {
    name: `server-${driver}`,
    include: ['packages/server/test/**/*.test.ts'],
    env: { NATTER_TEST_DB: driver },
    globalSetup: driver === 'postgres' ? ['packages/server/test/helpers/postgres-setup.ts'] : [],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      { resolve, ssr, test: { name: 'unit', include: ['packages/*/src/**/*.test.ts'] } },
      integration('pglite'),
      integration('postgres'),
      {
        resolve,
        ssr,
        test: {
          name: 'client',
          include: ['packages/client/test/**/*.test.ts'],
          env: { NATTER_TEST_DB: 'pglite' },
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
