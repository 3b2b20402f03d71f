import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (OWASP-level: 19 MiB, t=2). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a random password, verified against when the username does not exist, so a login
 * for an unknown user takes as long as one with a wrong password (no user enumeration by timing).
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hash(crypto.randomUUID());
  return decoyHash;
}
