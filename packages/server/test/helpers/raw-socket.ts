import WebSocket from 'ws';

/**
 * A Socket.IO client written by hand over a bare WebSocket (`ws`): every frame it sends is the
 * test's own text or bytes, so a test can send what no real client would (a lying attachment
 * count, a payload nested 10,000 deep as JSON text, `1e400` for Infinity, a bare `__proto__`
 * key). Engine.IO v4 frames: `0` open, `2`/`3` ping/pong, `4` message; a Socket.IO packet rides in
 * a `4` frame: `0` connect, `2` event, `3` ack, `4` connect error, `5` binary event.
 */
export class RawSocket {
  /** Text frames received, newest last (pings answered and left out). */
  readonly frames: string[] = [];
  /** Resolves when the connection is closed, from either side. */
  readonly closed: Promise<{ code: number }>;
  private readonly waiters = new Set<() => void>();
  private nextId = 1;

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve({ code })));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = data.toString();
      // The server's heartbeat: unanswered, it would close the connection on its own.
      if (text === '2') return ws.send('3');
      this.frames.push(text);
      for (const waiter of this.waiters) waiter();
    });
    // A refused frame may reset the connection: the close is what the tests look at.
    ws.on('error', () => {});
  }

  /** Opens the WebSocket transport and waits for Engine.IO's open packet. */
  static async open(baseUrl: string): Promise<RawSocket> {
    const ws = new WebSocket(
      `${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`,
    );
    const socket = new RawSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await socket.next((f) => f.startsWith('0{'));
    return socket;
  }

  /** Opens it and joins the main namespace with a session token (rejects on a connect error). */
  static async connect(baseUrl: string, token: string): Promise<RawSocket> {
    const socket = await RawSocket.open(baseUrl);
    socket.send(`40${JSON.stringify({ token })}`);
    const answer = await socket.next((f) => f.startsWith('40') || f.startsWith('44'));
    if (answer.startsWith('44')) throw new Error(`connect error: ${answer}`);
    return socket;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(frame: string | Buffer): void {
    if (this.isOpen) this.ws.send(frame);
  }

  /**
   * Resolves with the first frame (received already or to come) that matches, or rejects when
   * the connection closes or after `timeoutMs`: a guard against hangs, not a timing check.
   */
  next(match: (frame: string) => boolean, timeoutMs = 10_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.find(match);
        if (found === undefined) return false;
        done();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error('timed out waiting for a frame'));
      }, timeoutMs);
      const onClose = () => {
        done();
        reject(new Error('connection closed'));
      };
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
        this.ws.off('close', onClose);
      };
      if (check()) return;
      this.waiters.add(check);
      this.ws.once('close', onClose);
    });
  }

  /**
   * Sends an event with an ack id, its payload written as raw JSON text (with `attachments`, as a
   * binary event carrying them), and resolves with the ack's argument.
   */
  async request(event: string, payloadJson: string, attachments: Buffer[] = []): Promise<unknown> {
    const id = this.nextId++;
    const args = `[${JSON.stringify(event)},${payloadJson}]`;
    const answer = this.next((f) => f.startsWith(`43${id}[`));
    if (attachments.length === 0) this.send(`42${id}${args}`);
    else {
      this.send(`45${attachments.length}-${id}${args}`);
      for (const bytes of attachments) this.send(bytes);
    }
    const [result] = JSON.parse((await answer).slice(`43${id}`.length)) as unknown[];
    return result;
  }

  /** Sends an event without an ack id (how signals are sent). */
  emit(event: string, payloadJson: string): void {
    this.send(`42[${JSON.stringify(event)},${payloadJson}]`);
  }

  close(): void {
    this.ws.close();
  }
}
