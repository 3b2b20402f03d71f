/** Natter's wire contract: the only package both server and clients import. */
export const PROTOCOL_VERSION = 1;

export * from './entities.js';
export * from './errors.js';
export * from './events.js';
export * from './http.js';
export * from './limits.js';
export * from './message-status.js';
export * from './primitives.js';
