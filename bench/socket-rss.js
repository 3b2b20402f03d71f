/**
 * Memory per idle socket over time, as the process sees it: RSS, heap total and heap used per
 * socket (from `process.memoryUsage()` read through the inspector), 2 s and 12 s after the last of
 * N idle authenticated sockets connected, then after a forced full collection
 * (`HeapProfiler.collectGarbage`) and 10 s later. Tells what the sockets keep from what their
 * handshakes left for a collection that an idle process does not run (the connections scenario
 * reads RSS 2 s after, without one). Uses the full plan (up to 19,000 idle clients):
 *
 *   node bench/socket-rss.js [--targets=ceiling,natter-pg] [--sockets=10000]
 */
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { startAgent } from './lib/agent.js';
import { buildPlan, idleClientsOf } from './lib/plan.js';
import { sizesFor } from './lib/sizes.js';
import { startTarget } from './lib/targets.js';

const { values } = parseArgs({
  options: {
    targets: { type: 'string', default: 'ceiling,natter-pg' },
    sockets: { type: 'string', default: '10000' },
  },
});
const sockets = Number(values.sockets);
const plan = buildPlan(sizesFor(false));
const clients = idleClientsOf(plan).slice(0, sockets);
const INSPECTOR_PORT = 9339;
let nextPort = 4100 + (process.pid % 36) * 32;
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

for (const name of /** @type {import('./lib/targets.js').TargetName[]} */ (
  values.targets.split(',')
)) {
  const target = await startTarget(name, {
    ports: () => nextPort++,
    plan,
    historyMessages: 0,
    idleRoomMessages: 0,
    nodeArgs: [`--inspect=127.0.0.1:${INSPECTOR_PORT}`],
  });
  const inspector = await openInspector();
  const agent = startAgent();
  try {
    await sleep(2000);
    const base = await inspector.memoryUsage();
    await agent.call('idle.connect', { urls: target.urls, clients, concurrency: 200 });
    /** @type {[string, NodeJS.MemoryUsage][]} */
    const readings = [];
    await sleep(2000);
    readings.push(['2 s after the last handshake', await inspector.memoryUsage()]);
    await sleep(10_000);
    readings.push(['12 s after', await inspector.memoryUsage()]);
    await inspector.call('HeapProfiler.collectGarbage');
    readings.push(['after a full collection', await inspector.memoryUsage()]);
    await sleep(10_000);
    readings.push(['10 s after that', await inspector.memoryUsage()]);
    await agent.call('idle.close', {});
    const kib = (/** @type {number} */ now, /** @type {number} */ was) =>
      ((now - was) / 1024 / sockets).toFixed(1);
    console.log(`\n${name}, ${sockets} sockets: KiB per socket (rss / heap total / heap used)`);
    for (const [when, m] of readings) {
      const figures = [
        kib(m.rss, base.rss),
        kib(m.heapTotal, base.heapTotal),
        kib(m.heapUsed, base.heapUsed),
      ];
      console.log(`  ${when}: ${figures.join(' / ')}`);
    }
  } finally {
    agent.stop();
    inspector.close();
    await target.stop();
  }
}

/** The target's inspector (one server process), over the DevTools protocol. */
async function openInspector() {
  const response = await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json/list`);
  const [{ webSocketDebuggerUrl }] = /** @type {{ webSocketDebuggerUrl: string }[]} */ (
    await response.json()
  );
  const ws = new WebSocket(webSocketDebuggerUrl);
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  let nextId = 0;
  /** @param {string} method @param {object} [params] @returns {Promise<any>} */
  const call = (method, params = {}) =>
    new Promise((resolve) => {
      const id = ++nextId;
      /** @param {WebSocket.RawData} data */
      const onMessage = (data) => {
        const reply = JSON.parse(String(data));
        if (reply.id !== id) return;
        ws.off('message', onMessage);
        resolve(reply.result);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    call,
    /** @returns {Promise<NodeJS.MemoryUsage>} */
    memoryUsage: async () => {
      const expression = 'JSON.stringify(process.memoryUsage())';
      const { result } = await call('Runtime.evaluate', { expression, returnByValue: true });
      return JSON.parse(result.value);
    },
    close: () => ws.close(),
  };
}
