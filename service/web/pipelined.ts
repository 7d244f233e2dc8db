import { setMaxListeners } from 'node:events';
import type http from 'node:http';
import type { Socket } from 'node:net';

interface Connection {
  unanswered: number;
  /** Aborted when the client goes: Node never closes the answers queued behind the first, so their file streams would wait forever. */
  gone: AbortController;
}

const connections = new WeakMap<Socket, Connection>();

/**
 * Takes a request on its connection: the signal to stop its answer with when the client goes, or
 * null (and the connection closed) when it is one too many sent before the ones ahead of it were
 * answered. Browsers send one at a time; a client sending thousands without reading the answers
 * made the kiosk hold them all (200 MB a connection).
 */
export function admitRequest(request: http.IncomingMessage, response: http.ServerResponse, max: number): AbortSignal | null {
  const socket = request.socket;
  let connection = connections.get(socket);
  if (!connection) {
    const gone = new AbortController();
    setMaxListeners(max + 1, gone.signal);
    connection = { unanswered: 0, gone };
    connections.set(socket, connection);
    socket.once('close', () => gone.abort());
  }
  if (connection.unanswered >= max) {
    socket.destroy();
    return null;
  }
  connection.unanswered++;
  const held = connection;
  response.once('close', () => held.unanswered--);
  return connection.gone.signal;
}
