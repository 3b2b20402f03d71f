export { createServer } from './app.js';
export type { NatterServer } from './app.js';
export { configFromEnv } from './config.js';
export type { ServerConfig } from './config.js';
