// A TCP host on a loopback port for the mail hosts the server starts (the slow one of
// slow-downstream, the silent one of the lab): listen on 127.0.0.1 port 0, count and track the
// connections, and on close cut the ones still open, so that a host that never answers cannot
// keep the server from stopping.
import { createServer, type Socket } from 'node:net';

export interface LoopbackHost {
  port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

/** `name` says whose address is missing in the (unexpected) error. */
export async function startLoopbackHost(name: string, onSocket: (socket: Socket) => void): Promise<LoopbackHost> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    onSocket(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`${name}: no TCP address`);
  return {
    port: address.port,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
