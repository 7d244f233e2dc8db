import type { Socket } from 'node:net';

/** How long, and how much, a closing connection is still read from (and dropped) after a refusal. */
export const LINGER = { ms: 2_000, bytes: 8 * 1024 * 1024 };

/**
 * Closes a refused request's connection as nginx does (a lingering close): the answer, then our
 * side's end, then whatever the client still sends is read and dropped until it closes, for
 * {@link LINGER} at most. Closing at once on bytes not yet read makes the kernel reset the
 * connection, and the client often loses the answer with it.
 */
export function lingerOnClose(socket: Socket): void {
  // Node closes the socket of a "Connection: close" answer with destroySoon once the answer is written.
  socket.destroySoon = () => {
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
