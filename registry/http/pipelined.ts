import type http from 'node:http';
import type { Socket } from 'node:net';

const unanswered = new WeakMap<Socket, number>();

/**
 * True when a request may be answered; false (and its connection closed) when it is one too many
 * sent on its connection before the ones ahead of it were answered. Kiosks and browsers send one
 * at a time; a client pipelining thousands without reading the answers made the registry hold
 * them all (gigabytes over a few hundred connections, and no answers for minutes after).
 * The kiosk's web server does the same (service/web/pipelined.ts); the layering keeps them apart.
 */
export function admitRequest(request: http.IncomingMessage, response: http.ServerResponse, max: number): boolean {
  const socket = request.socket;
  const waiting = unanswered.get(socket) ?? 0;
  if (waiting >= max) {
    socket.destroy();
    return false;
  }
  unanswered.set(socket, waiting + 1);
  response.once('close', () => unanswered.set(socket, (unanswered.get(socket) ?? 1) - 1));
  return true;
}
