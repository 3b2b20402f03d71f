import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const WEBHOOKS_DOC = fileURLToPath(new URL('../../../../docs/webhooks.md', import.meta.url));
const MARKER = '<!-- tested-verification-recipe';

/** The signature check receivers are told to use: `verifyNatterSignature` from docs/webhooks.md. */
export type VerifySignature = (
  rawBody: string | Buffer,
  header: string | undefined,
  secret: string,
  now?: number,
) => boolean;

/**
 * The JavaScript block after the `tested-verification-recipe` marker in docs/webhooks.md, loaded
 * as a module: the tests verify deliveries with the documented code itself, so the two cannot
 * drift apart.
 */
export async function verifierFromDocs(): Promise<VerifySignature> {
  const doc = await readFile(WEBHOOKS_DOC, 'utf8');
  const block = /```js\n([\s\S]*?)\n```/.exec(doc.slice(doc.indexOf(MARKER)))?.[1];
  if (!doc.includes(MARKER) || !block) {
    throw new Error(`docs/webhooks.md has no \`\`\`js block after "${MARKER}"`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'natter-recipe-'));
  try {
    const file = join(dir, 'verify.mjs');
    await writeFile(file, block);
    const module = (await import(pathToFileURL(file).href)) as {
      verifyNatterSignature?: VerifySignature;
    };
    if (typeof module.verifyNatterSignature !== 'function') {
      throw new Error('the recipe in docs/webhooks.md no longer exports verifyNatterSignature');
    }
    return module.verifyNatterSignature;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
