import type http from 'node:http';

/** How long, and how much, a closing connection is still read from (and dropped) while its client sends a body never read. */
export const LINGER = { ms: 2_000, bytes: 8 * 1024 * 1024 };

/**
 * When Node closes this request's connection after the answer (the client asked for it, or sent
 * HTTP/1.0) while the client is still sending a body the kiosk never reads: our side ends, what
 * still comes is read and dropped until the client closes, for {@link LINGER} at most, then the
 * connection closes (a lingering close, as nginx does). Closing at once on bytes not yet read makes
 * the kernel reset the connection, and the client often loses the answer with it.
 * The registry's server does the same (registry/http/linger.ts); the layering keeps them apart.
 */
export function lingerWhileSending(request: http.IncomingMessage): void {
  const socket = request.socket;
  const close = socket.destroySoon.bind(socket);
  // Node closes the socket of a "Connection: close" answer with destroySoon once the answer is written.
  socket.destroySoon = () => {
    if (request.complete) return close();
    // From here nothing is a request any more: the HTTP parser reads no further.
    socket.removeAllListeners('data');
    let dropped = 0;
    const timer = setTimeout(() => socket.destroy(), LINGER.ms).unref();
    socket.once('close', () => clearTimeout(timer));
    socket.once('end', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > LINGER.bytes) socket.destroy();
    });
    socket.resume();
    socket.end();
  };
}
