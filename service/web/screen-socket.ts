import type { RawData, WebSocket } from 'ws';
import { isMethodName, METHODS } from '../../core/api.js';
import { WireRequest, type WireEvent, type WireReply } from '../../core/wire.js';
import { ClientLine } from '../connection.js';
import type { Kiosk } from '../kiosk.js';
import type { Screen } from '../staff-access.js';
import { MAX_SIGNED_OUT_MESSAGE_BYTES, MAX_UNREAD_BYTES } from './limits.js';

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

const sizeOf = (data: RawData): number => (Array.isArray(data) ? data.reduce((sum, part) => sum + part.byteLength, 0) : data.byteLength);

/** How a screen's client begins a message (renderer/api-client.ts): read from its first bytes, the rest unparsed. */
const HEAD = /^\{"id":(\d{1,15}),"method":"([A-Za-z]{1,64})"/;

/**
 * The id and method of an oversized message for staff (an import) from a screen whose staff
 * session is gone, e.g. after the kiosk restarted: answered as signed out, as a small call is,
 * rather than cut off as "cannot reach the kiosk". Null for anything else.
 */
function staffCallOf(data: RawData): { id: number; method: string } | null {
  const first = Array.isArray(data) ? data[0] : data;
  if (!first) return null;
  const start = Buffer.isBuffer(first) ? first.subarray(0, 128) : Buffer.from(first, 0, Math.min(128, first.byteLength));
  const head = HEAD.exec(start.toString('latin1'));
  if (!head || !isMethodName(head[2]!) || METHODS[head[2]].role === 'kiosk') return null;
  return { id: Number(head[1]), method: head[2] };
}

/** One screen's socket: each message is a contract call, answered by its id; the socket's line holds the screen's staff session. */
export function serveScreen(service: Kiosk, socket: WebSocket, screen: Screen, log: (line: string) => void): ClientLine {
  const line = new ClientLine(service, screen, log);
  const source = screen.id;
  socket.on('close', () => line.close());
  // A frame ws refuses (over maxPayload, bad UTF-8, a protocol error) is reported here and the
  // socket closed by ws; unheard, the 'error' event would take the whole kiosk down.
  socket.on('error', (error) => log(`closed a WebSocket: ${error.message}`));
  socket.on('message', (data, isBinary) => {
    if (stoppedReading(socket, log, source)) return;
    if (line.connection.session === null && sizeOf(data) > MAX_SIGNED_OUT_MESSAGE_BYTES) {
      const staffCall = staffCallOf(data);
      if (!staffCall) {
        socket.close(1009, 'sign in to send a message this large');
        return;
      }
      // Refused by dispatch as signed out before the input is looked at, so the screen goes back to its welcome.
      void line.call(staffCall.method, undefined).then((outcome) => sendTo(socket, { id: staffCall.id, ...outcome }, log, source));
      return;
    }
    let request: WireRequest;
    try {
      request = WireRequest.parse(JSON.parse(isBinary ? '' : String(data)));
    } catch {
      socket.close(1003, 'not a kiosk API message');
      return;
    }
    void line.call(request.method, request.input).then((outcome) => sendTo(socket, { id: request.id, ...outcome }, log, source));
  });
  return line;
}
