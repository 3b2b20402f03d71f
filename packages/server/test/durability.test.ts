import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Message } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { connect, createGroupRoom, ok, registerUser, request } from './helpers/clients.js';
import { testDriver } from './helpers/test-server.js';

/** Sends in flight; the kill comes at the 100th ack, long before the last. */
const SENDS = 1000;
/** A loaded machine may take long to commit the first hundred: acks wait, they do not fail. */
const ACK_TIMEOUT_MS = 60_000;

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Starts the built server (as `npm start` runs it) and resolves with its URL once it listens. */
function startProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      PORT: '0',
      RATE_LIMITS: 'off',
      // All sends go out at once on one socket, far past the default cap on requests in flight.
      MAX_REQUESTS_IN_FLIGHT: '10000',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe('durability', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
    dataDir = await mkdtemp(join(tmpdir(), 'natter-durability-'));
    env = { DATA_DIR: dataDir };
    if (testDriver === 'postgres') env.DATABASE_URL = inject('databaseUrl');
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('D1: a server killed with SIGKILL has every acked message after a restart', async () => {
    const first = await startProcess(env);
    const alice = await registerUser(first.url, 'alice');
    const bob = await registerUser(first.url, 'bob');
    const room = await createGroupRoom(first.url, alice.token, [bob.user.id]);
    const socket = await connect(first.url, alice.token);

    // The kill lands at the 100th ack, while later sends are still in flight.
    const acked: Message[] = [];
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    const sends = Array.from({ length: SENDS }, (_, i) =>
      request(
        socket,
        'message:send',
        { roomId: room.id, clientId: `durable-${i}`, type: 'text', content: `message ${i}` },
        ACK_TIMEOUT_MS,
      ).then(
        (result) => {
          if (!result.ok) return;
          acked.push(result.message);
          if (acked.length === 100) first.child.kill('SIGKILL');
        },
        () => undefined,
      ),
    );
    await Promise.all(sends);
    // Had fewer than 100 sends been acked, the assertions below say so instead of a hang.
    first.child.kill('SIGKILL');
    await exited;
    socket.close();
    expect(acked.length).toBeGreaterThanOrEqual(100);
    expect(acked.length).toBeLessThan(SENDS);

    const second = await startProcess(env);
    try {
      const again = await connect(second.url, alice.token);
      const stored = new Map<string, Message>();
      let before: string | undefined;
      for (;;) {
        const page = ok(
          await request(again, 'messages:load', { roomId: room.id, limit: 100, before }),
        );
        for (const m of page.messages) stored.set(m.id, m);
        if (!page.hasMore || !page.nextCursor) break;
        before = page.nextCursor;
      }
      again.close();
      for (const message of acked) expect(stored.get(message.id)?.content).toBe(message.content);
      // Seqs stay gapless across the crash: whatever committed is numbered 1..n.
      const seqs = [...stored.values()].map((m) => m.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    } finally {
      await killed(second.child);
    }
  }, 180_000);
});
