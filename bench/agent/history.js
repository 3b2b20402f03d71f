import { Latencies } from '../lib/percentiles.js';
import { connectSocket, createSocket, nodeUrl, request } from './sockets.js';

/** Pages loaded before measuring. */
const WARM_UP_PAGES = 50;

/**
 * History: pages at random cursors in one big room, then (where the server has seqs)
 * `messages:sync` after `missed` messages, paging while `hasMore`.
 * @param {{ urls: string[], user: import('../lib/plan.js').BenchUser, roomId: string, total: number, pages: number,
 *   cursor: 'seq' | 'createdAt', syncRepeats: number, missed: number }} params
 */
export async function run({ urls, user, roomId, total, pages, cursor, syncRepeats, missed }) {
  const socket = createSocket(nodeUrl(urls, user.index), user.token);
  await connectSocket(socket);
  try {
    const newest = await request(socket, 'messages:load', { roomId, limit: 50 });
    if (!newest?.ok) throw new Error(`messages:load failed: ${JSON.stringify(newest?.error)}`);
    const newestAt = Date.parse(newest.messages.at(-1).createdAt);
    const page = new Latencies();
    let short = 0;
    // The first pages warm up what any server warms once (JIT, pooled connections, plans) and
    // are not measured: the scenario is about paging a running server.
    for (let i = -WARM_UP_PAGES; i < pages; i++) {
      const offset = 50 + Math.floor(Math.random() * (total - 100));
      const before =
        cursor === 'seq' ? String(total - offset) : new Date(newestAt - offset).toISOString();
      const started = performance.now();
      const answer = await request(socket, 'messages:load', { roomId, before, limit: 50 });
      if (i < 0) continue;
      page.add(performance.now() - started);
      if (!answer?.ok || answer.messages.length !== 50) short++;
    }
    const sync = new Latencies();
    let syncErrors = 0;
    if (cursor === 'seq') {
      for (let i = 0; i < syncRepeats; i++) {
        const started = performance.now();
        let after = total - missed;
        let got = 0;
        for (let p = 0; p < 100; p++) {
          const answer = await request(socket, 'messages:sync', {
            rooms: [{ roomId, afterSeq: after }],
          });
          if (!answer?.ok) break;
          const room = answer.rooms[0];
          got += room.messages.length;
          after = room.messages.at(-1)?.seq ?? after;
          if (!room.hasMore) break;
        }
        sync.add(performance.now() - started);
        if (got !== missed) syncErrors++;
      }
    }
    return { page: page.summary(), badPages: short, sync: sync.summary(), syncErrors };
  } finally {
    socket.disconnect();
  }
}
