import { NatterError } from '../natter-error.js';
import type * as WireSchemasModule from './wire-schemas.js';

/** The schemas the SDK checks what crosses the wire with (wire-schemas.ts). */
export type WireSchemas = typeof WireSchemasModule;

let loading: Promise<WireSchemas> | undefined;

/**
 * The wire schemas, imported once, on first use: a client starts loading them as it connects
 * (client.ts), and every answer and event waits for them before it is believed. A failed import
 * (a chunk that could not be fetched) is tried again on the next call.
 */
export function loadWireSchemas(): Promise<WireSchemas> {
  loading ??= import('./wire-schemas.js').catch((error: unknown) => {
    loading = undefined;
    throw new NatterError('network', 'could not load the protocol schemas', { cause: error });
  });
  return loading;
}
