/** Natter's wire contract: the only package both server and clients import. */
export * from './entities.js';
export * from './errors.js';
export * from './events.js';
export * from './handshake.js';
export * from './socket-contract.js';
export * from './http.js';
export * from './limits.js';
export * from './link-previews.js';
export * from './mentions.js';
export * from './message-status.js';
export * from './primitives.js';
export * from './privacy.js';
export * from './push.js';
export * from './reactions.js';
export * from './search.js';
export * from './support.js';
export * from './system-event-text.js';
