import type { Server } from 'node:net';
import { clientSource } from './client-source.js';

/**
 * Holds each address to `max` open connections, whatever they are doing: past it one more is
 * closed at once. The server's own cap counts everyone together, so without this one client
 * holding connections open (trickling headers, never closing) would shut every kiosk out.
 * Not applied on a registry listening on loopback only: every peer there is its reverse proxy.
 * The kiosk's web server does the same (service/web/address-connections.ts); the layering keeps them apart.
 */
export function limitConnectionsPerAddress(server: Server, max: number): void {
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const from = clientSource(socket.remoteAddress);
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
