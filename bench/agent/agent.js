/**
 * The load generator: a separate process driven by the benchmark over IPC. Each request names
 * a method of one scenario module; sockets stay open between requests.
 */
import * as chat from './chat.js';
import * as history from './history.js';
import * as idle from './idle.js';
import * as search from './search.js';

/** @type {Record<string, (params: any) => Promise<unknown>>} */
const methods = {
  'chat.connect': chat.connect,
  'chat.sendAtRate': chat.sendAtRate,
  'chat.sendFlatOut': chat.sendFlatOut,
  'chat.stopSending': chat.stopSending,
  'chat.close': chat.close,
  'idle.connect': idle.connect,
  'idle.storm': idle.storm,
  'idle.close': idle.close,
  'history.run': history.run,
  'search.run': search.run,
};

process.on(
  'message',
  async (/** @type {{ id: number, method: string, params: unknown }} */ call) => {
    try {
      const method = methods[call.method];
      if (!method) throw new Error(`unknown method ${call.method}`);
      process.send?.({ id: call.id, result: await method(call.params) });
    } catch (error) {
      process.send?.({ id: call.id, error: error instanceof Error ? error.stack : String(error) });
    }
  },
);
