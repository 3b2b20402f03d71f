import net from 'node:net';

type Direction = 'up' | 'down' | 'both';

/**
 * A TCP proxy in front of the real server that can stall or cut the network, which is how real
 * connections fail: a frozen direction holds its bytes (a lost ack, as far as the client can
 * tell), `dropAll` cuts every connection at once.
 */
export interface TcpProxy {
  url: string;
  /** Holds bytes going up (client to server), down, or both, until `thaw`. */
  freeze(direction?: Direction): void;
  /** Lets held and new bytes flow again. */
  thaw(): void;
  /** Cuts every connection; held bytes are lost. New connections are accepted. */
  dropAll(): void;
  /** Cuts every connection and refuses new ones until `heal`: the target is unreachable. */
  cut(): void;
  heal(): void;
  close(): Promise<void>;
}

interface Pipe {
  client: net.Socket;
  upstream: net.Socket;
  heldUp: Buffer[];
  heldDown: Buffer[];
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const pipes = new Set<Pipe>();
  let frozenUp = false;
  let frozenDown = false;
  let refusing = false;

  const server = net.createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    const pipe: Pipe = { client, upstream, heldUp: [], heldDown: [] };
    pipes.add(pipe);
    client.on('data', (chunk) => {
      if (frozenUp) pipe.heldUp.push(chunk);
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (frozenDown) pipe.heldDown.push(chunk);
      else client.write(chunk);
    });
    const end = () => {
      pipes.delete(pipe);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  const dropAll = () => {
    for (const pipe of [...pipes]) {
      pipe.heldUp.length = 0;
      pipe.heldDown.length = 0;
      pipe.client.destroy();
      pipe.upstream.destroy();
    }
    pipes.clear();
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    freeze(direction = 'both') {
      if (direction !== 'down') frozenUp = true;
      if (direction !== 'up') frozenDown = true;
    },
    thaw() {
      frozenUp = false;
      frozenDown = false;
      for (const pipe of pipes) {
        for (const chunk of pipe.heldUp.splice(0)) pipe.upstream.write(chunk);
        for (const chunk of pipe.heldDown.splice(0)) pipe.client.write(chunk);
      }
    },
    dropAll,
    cut() {
      refusing = true;
      dropAll();
    },
    heal() {
      refusing = false;
    },
    close() {
      dropAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
