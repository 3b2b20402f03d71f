import { defineConfig } from 'vitest/config';
import { preactForReact } from './packages/web/preact-for-react.js';
import { MixedProjects } from './vitest.sequencer.js';

/**
 * Tests import workspace packages from their TypeScript sources (the `source` export condition),
 * so `npm test` needs no build first. Tests run in Vite's SSR environment, which takes its
 * conditions from `ssr.resolve` (here: `source` before Vite's server defaults); without it they
 * would silently import a stale `dist` build.
 */
const resolve = { conditions: ['source', 'import', 'module', 'node', 'default'] };
const ssr = { resolve: { conditions: ['source', 'module', 'node', 'development|production'] } };

/**
 * Files share their worker's modules (`isolate: false`): a worker imports the server, Socket.IO,
 * Fastify, the AWS SDK (or jsdom, Preact and Testing Library) once instead of once per file. That
 * halved these projects' time here (six server files: 34.8 s → 15.8 s; the web project: 163 s →
 * 66 s). They can: each file starts and closes its own servers and clients, components are
 * unmounted after each test (dom-setup.test-support.ts), tests isolate by data, nothing mocks a
 * module, and the one module-level state (test-server.ts's PGlite snapshot) is the same for
 * every file of a project (each project has its own workers).
 */
const sharedModules = { isolate: false };

/** The server's integration suite runs twice: on embedded PGlite and on a real PostgreSQL. */
const integration = (driver: 'pglite' | 'postgres') => ({
  resolve,
  // Without `module`: the AWS SDK's `module` builds use extensionless imports that only a
  // bundler resolves, and Node loads node_modules here, as it does in production.
  ssr: { resolve: { conditions: ['source', 'node', 'development|production'] } },
  test: {
    name: `server-${driver}`,
    ...sharedModules,
    include: ['packages/server/test/**/*.test.ts'],
    env: { NATTER_TEST_DB: driver },
    globalSetup: [
      driver === 'postgres'
        ? 'packages/server/test/helpers/postgres-setup.ts'
        : 'packages/server/test/helpers/pglite-snapshot-setup.ts',
      // Trusted by the workers through NODE_EXTRA_CA_CERTS: the push tests' local push service.
      'packages/server/test/helpers/push-certificate-setup.ts',
    ],
    // A guard against hangs, not a speed check: with two files at once on two cores (and a
    // benchmark or a build beside them), a test that takes 2 s on a quiet machine can take ten
    // times that.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    // Vitest's default on this 2-core machine is one worker, so a file that waits (on timers,
    // sockets, another process) leaves a core idle. Two at once fill those waits; three made the
    // run slower here (34.7 min against 24): the files compute more than they wait. The suite
    // must be parallel-safe (files isolate by data) and hold on a busy machine anyway.
    maxWorkers: 2,
    sequence: { sequencer: MixedProjects },
    projects: [
      {
        resolve,
        ssr,
        test: {
          name: 'unit',
          // With the test sequencer's own unit tests beside it.
          include: ['packages/*/src/**/*.test.ts', 'vitest.sequencer.test.ts'],
          // The web app's tests run in their own project, in jsdom.
          exclude: ['packages/web/**'],
        },
      },
      {
        // The web app's unit and component tests: pure logic in plain functions, components in
        // jsdom with Testing Library. Same `source` resolution, so the SDK comes from its sources,
        // and React resolves to Preact as in the build (packages/web/preact-for-react.ts).
        resolve: { ...resolve, alias: preactForReact },
        ssr,
        test: {
          name: 'web',
          ...sharedModules,
          include: ['packages/web/src/**/*.test.{ts,tsx}'],
          // Component tests (*.tsx) opt into jsdom with a `@vitest-environment jsdom` comment;
          // the pure logic tests skip its start-up cost.
          environment: 'node',
          setupFiles: ['packages/web/src/dom-setup.test-support.ts'],
          // Node would load these packages' own `react` imports, past the alias: Vite loads them,
          // so that they get Preact, and the one copy of it that the components render with.
          server: { deps: { inline: [/@tanstack\/react-virtual/, /@testing-library\/preact/] } },
        },
      },
      integration('pglite'),
      integration('postgres'),
      {
        resolve,
        ssr,
        test: {
          name: 'client',
          ...sharedModules,
          include: ['packages/client/test/**/*.test.ts'],
          env: { NATTER_TEST_DB: 'pglite' },
          globalSetup: ['packages/server/test/helpers/pglite-snapshot-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Browser end-to-end tests: the built server (and the web app it serves) in a child
        // process, driven through Debian's Chromium. They share the two workers with the other
        // projects, mixed through the run (vitest.sequencer.ts): a browser file mostly waits
        // on its server and its browser, so it runs beside a file that computes.
        resolve,
        ssr,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['e2e/helpers/data-dir-template-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          expect: { poll: { timeout: 15_000, interval: 100 } },
        },
      },
    ],
  },
});
