// A trap for server-side request forgery: plain TCP listeners on loopback
// addresses that record every connection they get — HTTP or not, TLS
// handshakes included — and answer nothing useful. A test points hostile
// serviceUrls at addresses that really reach a trap (another port, another
// loopback address, the same address spelt differently) and then asserts the
// trap was never called.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RecordedConnection {
  localAddress: string;
  localPort: number;
  /** The first bytes the caller sent (an HTTP request line, or a TLS hello), as latin1, at most 200. */
  firstBytes: string;
}

export interface RecordingListener {
  /** The port each loopback address listens on, by address as given. */
  ports: Record<string, number>;
  /** Every connection so far. */
  connections(): RecordedConnection[];
  close(): Promise<void>;
}

/**
 * Listens on each address (port 0: any free port; give a port to sit beside another service on it);
 * an address that cannot be bound here (e.g. no IPv6 loopback) is left out of `ports`.
 */
export async function startRecordingListener(addresses: string[], port = 0): Promise<RecordingListener> {
  const recorded: RecordedConnection[] = [];
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const ports: Record<string, number> = {};
  for (const address of addresses) {
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      const connection: RecordedConnection = { localAddress: socket.localAddress ?? '', localPort: socket.localPort ?? 0, firstBytes: '' };
      recorded.push(connection);
      socket.once('data', (chunk: Buffer) => {
        connection.firstBytes = chunk.subarray(0, 200).toString('latin1');
        socket.end('HTTP/1.1 418 Trap\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      });
      socket.on('error', () => undefined);
    });
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, address, () => resolve(true));
    });
    if (!bound) continue;
    servers.push(server);
    ports[address] = (server.address() as AddressInfo).port;
  }
  return {
    ports,
    connections: () => [...recorded],
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
}
