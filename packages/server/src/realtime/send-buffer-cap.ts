import type { Socket } from 'socket.io';
import type { Logger } from '../logger.js';
import type { NatterServer as SocketServer } from './socket-types.js';

/** engine.io's connection under a Socket.IO socket. */
type EngineSocket = Socket['conn'];

/** What engine.io queues for a client: an encoded Socket.IO packet (text, or a binary part). */
interface EnginePacket {
  data?: unknown;
}

/** The parts of engine.io's connection this reads that its typings leave out. */
interface EngineConnection {
  transport: {
    name: string;
    writable: boolean;
    socket?: { bufferedAmount?: number; terminate?: () => void };
  };
}

const bytesOf = (data: unknown): number =>
  typeof data === 'string'
    ? Buffer.byteLength(data)
    : data instanceof ArrayBuffer || ArrayBuffer.isView(data)
      ? data.byteLength
      : 0;

/**
 * Bounds what the node holds for one client that does not read. Neither engine.io nor ws bound
 * it: once the client's TCP window and the kernel's buffers are full, ws keeps what it could not
 * write (`bufferedAmount`) and engine.io queues every later packet in its `writeBuffer`, so one
 * stalled phone in a busy room would hold an ever-growing share of the node's memory. Past
 * `maxBytes` (both together) the connection is cut at once, dropping what it held: the client
 * reconnects and syncs from its cursor (docs/delivery-and-sync.md), so it misses nothing, and the
 * other members are not slowed by it (a broadcast never waits for one socket).
 */
export class SendBufferCap {
  /** Bytes in each connection's `writeBuffer`: added as packets are held, cleared by a flush. */
  private readonly queued = new WeakMap<EngineSocket, number>();
  /** Connections already cut: the packets queued before engine.io notices are not cut again. */
  private readonly cutOff = new WeakSet<EngineSocket>();
  private highest = 0;

  constructor(
    private readonly io: SocketServer,
    private readonly maxBytes: number,
    private readonly log: Logger,
  ) {
    io.engine.on('connection', (conn: EngineSocket) => this.watch(conn));
  }

  /** What the node holds for a socket's client now, not yet written to its TCP connection. */
  bufferedBytes(socketId: string): number | undefined {
    const conn = this.io.of('/').sockets.get(socketId)?.conn;
    return conn && this.held(conn);
  }

  /** The most any connection has held since the node started; at most `maxBytes` and a packet. */
  get highWaterBytes(): number {
    return this.highest;
  }

  private watch(conn: EngineSocket): void {
    this.queued.set(conn, 0);
    const engine = conn as unknown as EngineConnection;
    conn.on('packetCreate', (packet: EnginePacket) => {
      // A writable transport sends the packet at once (engine.io flushes right after this
      // event): a client that reads costs one check per packet. A packet is held only while the
      // transport waits for its last write, which for a client that stopped reading is for ever.
      if (engine.transport.writable) return;
      this.queued.set(conn, (this.queued.get(conn) ?? 0) + bytesOf(packet.data));
      const held = this.held(conn);
      this.highest = Math.max(this.highest, held);
      if (held > this.maxBytes) this.cut(conn, held);
    });
    // engine.io's flush hands the transport its whole write buffer.
    conn.on('flush', () => this.queued.set(conn, 0));
  }

  private held(conn: EngineSocket): number {
    const { transport } = conn as unknown as EngineConnection;
    return (this.queued.get(conn) ?? 0) + (transport.socket?.bufferedAmount ?? 0);
  }

  private cut(conn: EngineSocket, held: number): void {
    if (this.cutOff.has(conn)) return;
    this.cutOff.add(conn);
    this.log.warn({ held, maxBytes: this.maxBytes }, 'client not reading: connection cut');
    this.queued.set(conn, 0);
    // A graceful close would wait for the buffer to drain, which is what never happens here: the
    // WebSocket is torn down (its TCP connection destroyed) and engine.io closes the socket.
    const { transport } = conn as unknown as EngineConnection;
    if (transport.socket?.terminate) transport.socket.terminate();
    else conn.close(true);
  }
}
