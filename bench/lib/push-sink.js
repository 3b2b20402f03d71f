import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A stand-in for the browsers' push services, for the `natter-pg-push` target: https on
 * 127.0.0.1 with a self-signed certificate made for this run (the server trusts it through
 * `NODE_EXTRA_CA_CERTS`), answering every push `201 Created` and counting them. It does not
 * decrypt (the server's tests do): here only the cost on the server is measured.
 * @typedef {{ origin: string, caFile: string, pushes: () => number, stop: () => Promise<void> }} PushSink
 * @param {number} port
 * @returns {Promise<PushSink>}
 */
export async function startPushSink(port) {
  const dir = await mkdtemp(join(tmpdir(), 'natter-bench-push-'));
  const keyFile = join(dir, 'key.pem');
  const caFile = join(dir, 'cert.pem');
  await promisify(execFile)('openssl', [
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'],
    ...['-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
    ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', caFile],
  ]);
  let pushes = 0;
  const server = createServer(
    { key: await readFile(keyFile), cert: await readFile(caFile) },
    (request, response) => {
      request.resume();
      request.on('end', () => {
        pushes++;
        response.writeHead(201).end();
      });
    },
  );
  await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)));
  return {
    origin: `https://127.0.0.1:${port}`,
    caFile,
    pushes: () => pushes,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
