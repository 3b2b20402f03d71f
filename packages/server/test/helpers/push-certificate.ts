import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** A self-signed certificate for 127.0.0.1, made fresh per run: the test push service's. */
export interface PushCertificate {
  dir: string;
  certPath: string;
  cert: string;
  key: string;
}

/**
 * Makes a P-256 certificate for the address 127.0.0.1 with `openssl` (installed here and on
 * Debian). A server trusts it through NODE_EXTRA_CA_CERTS=`certPath`, which Node reads only when
 * a process starts.
 */
export async function makePushCertificate(): Promise<PushCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'natter-push-cert-'));
  await writePushCertificate(dir);
  return readPushCertificate(dir);
}

/** The certificate made in `dir` by `makePushCertificate`. */
export async function readPushCertificate(dir: string): Promise<PushCertificate> {
  const certPath = join(dir, 'cert.pem');
  return {
    dir,
    certPath,
    cert: await readFile(certPath, 'utf8'),
    key: await readFile(join(dir, 'key.pem'), 'utf8'),
  };
}

async function writePushCertificate(dir: string): Promise<void> {
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
  ]);
}
