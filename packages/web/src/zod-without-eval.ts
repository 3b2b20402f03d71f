import { config } from 'zod';

/**
 * Zod compiles fast validators with `new Function`, deciding (and probing whether eval is allowed)
 * as each object schema is built. The page's Content-Security-Policy forbids eval, so the probe
 * would be reported as a violation on every load: Zod is told to use its interpreter instead.
 * main.tsx imports this module first, so this runs before any schema is built.
 */
config({ jitless: true });
