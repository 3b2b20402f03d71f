export { createServer } from './app.js';
export type { NatterServer } from './app.js';
export { configFromEnv } from './config.js';
export type { ServerConfig } from './config.js';
export { migrateDatabase } from './db/migrator.js';
export type { DatabaseConfig } from './db/database.js';
export { pgliteExtensions } from './db/pglite-extensions.js';
export { hashToken as sessionTokenHash } from './auth/session-store.js';
