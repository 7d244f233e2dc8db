import type { WebSocket } from 'ws';
import { KioskError, wireError } from '../../core/errors.js';
import { WireRequest, type WireEvent, type WireReply } from '../../core/wire.js';
import { dispatch, type Connection } from '../dispatch.js';
import type { KioskService } from '../kiosk-service.js';
import type { Screen } from '../staff-access.js';
import { MAX_UNREAD_BYTES } from './limits.js';

/**
 * True (and the socket dropped) when a screen has stopped reading: past MAX_UNREAD_BYTES of
 * replies it has not taken, it would never read a close frame either, so it is cut off and
 * its memory freed.
 */
function stoppedReading(socket: WebSocket, log: (line: string) => void, who: string): boolean {
  if (socket.bufferedAmount <= MAX_UNREAD_BYTES) return false;
  log(`dropped a socket of ${who}: it left ${Math.round(socket.bufferedAmount / 1024)} KiB of replies unread`);
  socket.terminate();
  return true;
}

export function sendTo(socket: WebSocket, message: WireReply | WireEvent, log: (line: string) => void, who: string): void {
  if (socket.readyState !== socket.OPEN || stoppedReading(socket, log, who)) return;
  try {
    socket.send(JSON.stringify(message));
  } catch (error) {
    log(`a message to ${who} could not be sent: ${(error as Error).message}`);
  }
}

/** One screen's socket: each message is a contract call, answered by its id; the socket holds the screen's staff session. */
export function serveScreen(service: KioskService, socket: WebSocket, screen: Screen, log: (line: string) => void): void {
  const connection: Connection = { session: null, screen };
  const source = screen.id;
  socket.on('close', () => service.signOut(connection.session));
  // A frame ws refuses (over maxPayload, bad UTF-8, a protocol error) is reported here and the
  // socket closed by ws; unheard, the 'error' event would take the whole kiosk down.
  socket.on('error', (error) => log(`closed a WebSocket: ${error.message}`));
  socket.on('message', (data, isBinary) => {
    if (stoppedReading(socket, log, source)) return;
    let request: WireRequest;
    try {
      request = WireRequest.parse(JSON.parse(isBinary ? '' : String(data)));
    } catch {
      socket.close(1003, 'not a kiosk API message');
      return;
    }
    void answer(service, request, connection, log).then((reply) => sendTo(socket, reply, log, source));
  });
}

async function answer(service: KioskService, request: WireRequest, connection: Connection, log: (line: string) => void): Promise<WireReply> {
  try {
    return { id: request.id, ok: true, result: await dispatch(service, request.method, request.input, connection) };
  } catch (error) {
    const known = error instanceof KioskError;
    if (!known) log(`${request.method} failed: ${(error as Error)?.stack ?? String(error)}`);
    return { id: request.id, ok: false, error: known ? wireError(error) : { code: 'internal', message: 'the kiosk hit an internal error' } };
  }
}
