import type { Server } from 'node:http';

/** A peer's address without the IPv4-in-IPv6 prefix, so one client is one key however it connects. */
export const peerAddress = (address: string | undefined): string => (address ?? '?').replace(/^::ffff:/, '');

/**
 * Holds each address to `max` open connections, whatever they are doing: past it one more is
 * closed at once. The server's own cap (maxConnections) counts everyone together, so without
 * this one client holding its connections open would shut every screen out.
 */
export function limitConnectionsPerAddress(server: Server, max: number): void {
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const from = peerAddress(socket.remoteAddress);
    const count = open.get(from) ?? 0;
    if (count >= max) {
      socket.destroy();
      return;
    }
    open.set(from, count + 1);
    socket.once('close', () => {
      const left = (open.get(from) ?? 1) - 1;
      if (left > 0) open.set(from, left);
      else open.delete(from);
    });
  });
}
