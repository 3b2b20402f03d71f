import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import type { PushCertificate } from './push-certificate.js';
import { makePushCertificate, readPushCertificate } from './push-certificate.js';

/** Set once the run has its certificate: both server projects' setups share it. */
const CERT_DIR_ENV = 'NATTER_TEST_PUSH_CERT_DIR';

/**
 * Vitest global setup: makes the run's push-service certificate and puts it in
 * NODE_EXTRA_CA_CERTS before the test workers start (they inherit this environment, and Node
 * reads that variable only at start), so servers started in-process trust the local push service
 * (push-service.ts) as a real server trusts its system's CAs. push-service.test.ts checks that a
 * worker really does.
 */
export default async function setup(project: TestProject) {
  const made = process.env[CERT_DIR_ENV];
  const certificate = made ? await readPushCertificate(made) : await makePushCertificate();
  process.env[CERT_DIR_ENV] = certificate.dir;
  process.env.NODE_EXTRA_CA_CERTS = certificate.certPath;
  project.provide('pushCertificate', certificate);
  // The setup that made it removes it, once the run is over.
  return made ? undefined : () => rm(certificate.dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pushCertificate: PushCertificate;
  }
}
