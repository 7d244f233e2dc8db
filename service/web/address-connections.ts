import type { Server } from 'node:http';
import { isLoopback } from '../../core/loopback.js';

/** A peer's address without the IPv4-in-IPv6 prefix, so one client is one key however it connects. */
export const peerAddress = (address: string | undefined): string => (address ?? '?').replace(/^::ffff:/, '');

/**
 * Holds each address to `max` open connections, whatever they are doing, and devices elsewhere
 * together to `elsewhereMax`: past either one more is closed at once. The server's own cap
 * (maxConnections) counts everyone together, so without these one client holding its
 * connections open, or a few addresses on the network, would shut the kiosk's own screen out.
 */
export function limitConnectionsPerAddress(server: Server, max: number, elsewhereMax: number): void {
  const open = new Map<string, number>();
  let elsewhere = 0;
  server.on('connection', (socket) => {
    const from = peerAddress(socket.remoteAddress);
    const local = isLoopback(from);
    const count = open.get(from) ?? 0;
    if (count >= max || (!local && elsewhere >= elsewhereMax)) {
      socket.destroy();
      return;
    }
    open.set(from, count + 1);
    if (!local) elsewhere++;
    socket.once('close', () => {
      const left = (open.get(from) ?? 1) - 1;
      if (left > 0) open.set(from, left);
      else open.delete(from);
      if (!local) elsewhere--;
    });
  });
}
