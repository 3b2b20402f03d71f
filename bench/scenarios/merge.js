import { Latencies } from '../lib/percentiles.js';

/**
 * One run's results from several load-generator processes, as one result.
 * @param {Record<string, any>[]} parts @param {number} durationMs
 */
export function mergeRuns(parts, durationMs) {
  /** @param {string} key */
  const sum = (key) => parts.reduce((n, p) => n + (p[key] ?? 0), 0);
  const elapsedMs = Math.max(durationMs, ...parts.map((p) => p.elapsedMs));
  const deliveryMs = Math.max(durationMs, ...parts.map((p) => p.lastDeliveryMs));
  return {
    sent: sum('sent'),
    acked: sum('acked'),
    failed: sum('failed'),
    firstError: parts.find((p) => p.firstError)?.firstError,
    unacked: sum('unacked'),
    completed: sum('completed'),
    deliveries: sum('deliveries'),
    lostDeliveries: sum('lostDeliveries'),
    deliveredFailed: sum('deliveredFailed'),
    duplicates: sum('duplicates'),
    elapsedMs: Math.round(elapsedMs),
    messagesPerSecond: Math.round((sum('completed') / elapsedMs) * 1000),
    deliveriesPerSecond: Math.round((sum('deliveries') / deliveryMs) * 1000),
    sendToAck: Latencies.merge(parts.map((p) => p.ack)).summary(),
    sendToReceive: Latencies.merge(parts.map((p) => p.receive)).summary(),
  };
}

/**
 * Calls the same method on every agent at once.
 * @param {import('../lib/agent.js').Agent[]} agents @param {string} method
 * @param {(index: number) => unknown} params
 * @returns {Promise<any[]>}
 */
export const onAll = (agents, method, params) =>
  Promise.all(agents.map((a, i) => a.call(method, params(i))));
