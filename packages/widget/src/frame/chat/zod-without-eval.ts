import { config } from 'zod';

/**
 * Zod compiles validators with `new Function` unless told not to, and the frame's
 * Content-Security-Policy forbids eval (as the web app's does, see packages/web). The chat chunk
 * imports this module first, before the SDK builds any schema.
 */
config({ jitless: true });
