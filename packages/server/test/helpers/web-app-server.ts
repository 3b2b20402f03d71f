import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { TestServer } from './test-server.js';
import { startTestServer } from './test-server.js';

/**
 * A test server serving a stand-in for the built web app (an index.html and one hashed asset,
 * `/assets/app-1a2b3c.js`), started before the file's tests and removed after them.
 */
export function useWebAppServer() {
  let server: TestServer | undefined;
  let webDir = '';
  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'natter-web-'));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Natter</title>');
    writeFileSync(join(webDir, 'assets', 'app-1a2b3c.js'), 'console.log(1)');
    server = await startTestServer({ webDir });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(webDir, { recursive: true, force: true });
  });
  return {
    get url() {
      if (!server) throw new Error('the test server is not started yet');
      return server.url;
    },
  };
}
