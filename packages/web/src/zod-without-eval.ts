import { config } from 'zod/v4';

/**
 * What `zod` is in the web app's build (vite.config.ts aliases it here). Zod compiles fast
 * validators with `new Function`, deciding (and probing whether eval is allowed) as each object
 * schema is built. The page's Content-Security-Policy forbids eval, so the probe would be reported
 * as a violation on every load: Zod is told to use its interpreter instead. Done here, between
 * Zod's own module and every module that imports it, because a schema may be built in whichever
 * chunk evaluates first: a configuring import at the top of main.tsx ran after the chunk that
 * holds the protocol's schemas once the app was split.
 */
config({ jitless: true });

export * from 'zod/v4';
export { default, default as z } from 'zod/v4';
