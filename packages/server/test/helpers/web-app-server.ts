import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll } from 'vitest';
import type { TestServer } from './test-server.js';
import { startTestServer } from './test-server.js';

/** The stand-in's script, as the build would write it. */
export const APP_SCRIPT = 'console.log("the app")';

/**
 * A test server serving a stand-in for the built web app (an index.html and one hashed asset,
 * `/assets/app-1a2b3c.js`, each with the Brotli and gzip copies the build writes beside it),
 * started before the file's tests and removed after them.
 */
export function useWebAppServer() {
  let server: TestServer | undefined;
  let webDir = '';
  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'natter-web-'));
    mkdirSync(join(webDir, 'assets'));
    const write = (path: string, content: string) => {
      writeFileSync(join(webDir, path), content);
      writeFileSync(join(webDir, `${path}.br`), brotliCompressSync(content));
      writeFileSync(join(webDir, `${path}.gz`), gzipSync(content));
    };
    write('index.html', '<!doctype html><title>Natter</title>');
    write('assets/app-1a2b3c.js', APP_SCRIPT);
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
